using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using SockScope.Filter;
using SockScope.Wire;

namespace SockScope.Benchmarks;

/// <summary>
/// The BPF interpreter over the packets of mixed-100k.pcap (one operation = every packet once), and the
/// compiler itself. SOCKSCOPE_BENCH_PCAP overrides the capture. Figures: docs/perf/filter.md.
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private byte[] _file = [];
    private (int Offset, int Length, int WireLength)[] _packets = [];
    private BpfProgram _program = null!;

    [Params("tcp port 5201 or icmp", "host 10.77.0.1 and udp", "vlan and ip")]
    public string Expression { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string path = Environment.GetEnvironmentVariable("SOCKSCOPE_BENCH_PCAP") ?? "/work/benchdata/data/mixed-100k.pcap";
        _file = File.ReadAllBytes(path);
        var packets = new List<(int, int, int)>();
        bool swapped = BinaryPrimitives.ReadUInt32LittleEndian(_file) is 0xd4c3b2a1 or 0x4d3cb2a1;
        uint U32(int at) => swapped ? BinaryPrimitives.ReadUInt32BigEndian(_file.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(_file.AsSpan(at));
        int offset = 24;
        while (offset + 16 <= _file.Length)
        {
            int included = (int)U32(offset + 8), original = (int)U32(offset + 12);
            if (offset + 16 + included > _file.Length) break;
            packets.Add((offset + 16, included, original));
            offset += 16 + included;
        }
        _packets = [.. packets];
        _program = FilterCompiler.Compile(Expression, (LinkType)(U32(20) & 0xffff));
    }

    [Benchmark(Description = "interpret, all packets")]
    public int Interpret()
    {
        int matched = 0;
        ReadOnlySpan<byte> file = _file;
        foreach ((int offset, int length, int wire) in _packets)
        {
            if (_program.Matches(file.Slice(offset, length), wire)) matched++;
        }
        return matched;
    }

    [Benchmark(Description = "compile")]
    public int Compile() => FilterCompiler.Compile(Expression, LinkType.Ethernet).Length;
}
