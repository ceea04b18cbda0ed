using BenchmarkDotNet.Attributes;
using SockScope.Files;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Formatting;

namespace SockScope.Benchmarks;

/// <summary>
/// Decoding and printing the packets of mixed-100k.pcap (made by /work/shared/bench), all held
/// in memory so that only the Wire code is measured. Results are per packet
/// (OperationsPerInvoke); figures and the command are in docs/perf/decode.md.
/// </summary>
[MemoryDiagnoser]
public class DecodingBenchmarks
{
    private const string DefaultCapture = "/work/benchdata/data/mixed-100k.pcap";
    private const int PacketCount = 100_000;

    private byte[] _bytes = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private int[] _originalLengths = [];
    private LinkType _linkType;
    private DecodedPacket _decoded;
    private Utf8Builder _output = null!;
    private TcpdumpPrinter _printer = null!;
    private TcpdumpPrinter _verbosePrinter = null!;
    private JsonPacketFormatter _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        string path = Environment.GetEnvironmentVariable("SOCKSCOPE_BENCH_CAPTURE") ?? DefaultCapture;
        var bytes = new List<byte>();
        var offsets = new List<int>();
        var lengths = new List<int>();
        var originals = new List<int>();
        using (CaptureFileReader reader = CaptureFileReader.Open(path))
        {
            _linkType = reader.LinkType;
            while (offsets.Count < PacketCount && reader.TryRead(out CaptureRecord record))
            {
                offsets.Add(bytes.Count);
                lengths.Add(record.Data.Length);
                originals.Add(record.OriginalLength);
                bytes.AddRange(record.Data);
            }
        }
        if (offsets.Count != PacketCount) throw new InvalidOperationException($"{path} holds {offsets.Count} packets, expected {PacketCount}");
        _bytes = bytes.ToArray();
        _offsets = offsets.ToArray();
        _lengths = lengths.ToArray();
        _originalLengths = originals.ToArray();
        _output = new Utf8Builder(1 << 20);
        _printer = new TcpdumpPrinter(_output, new FormatOptions { NumericPorts = true });
        _verbosePrinter = new TcpdumpPrinter(_output, new FormatOptions { NumericPorts = true, Verbosity = 1 });
        _json = new JsonPacketFormatter();
        // Warm the TCP conversation table so the measured runs see a steady state.
        PrintOneLine();
        PrintVerbose();
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    private ReadOnlySpan<byte> Packet(int i) => _bytes.AsSpan(_offsets[i], _lengths[i]);

    /// <summary>Every layer of every packet, as far as the decoder goes.</summary>
    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int DecodeAllLayers()
    {
        int layers = 0;
        for (int i = 0; i < PacketCount; i++)
        {
            PacketDecoder.DecodeInto(_linkType, Packet(i), ref _decoded);
            layers += _decoded.Count;
        }
        return layers;
    }

    /// <summary>
    /// The first 1,000 packets decoded 100 times: the same work on bytes already in the CPU cache,
    /// which separates the decoder's own cost from the cost of fetching 100,000 packets from memory.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int DecodeCachedPackets()
    {
        int layers = 0;
        for (int round = 0; round < PacketCount / 1000; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                PacketDecoder.DecodeInto(_linkType, Packet(i), ref _decoded);
                layers += _decoded.Count;
            }
        }
        return layers;
    }

    /// <summary>One tcpdump -nn line per packet into a reused buffer (cleared every 1024 packets, as a writer would flush).</summary>
    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int PrintOneLine()
    {
        int written = 0;
        for (int i = 0; i < PacketCount; i++)
        {
            if ((i & 1023) == 0)
            {
                written += _output.Length;
                _output.Clear();
            }
            _printer.PrintPacket(_linkType, Packet(i), _originalLengths[i]);
            _output.Append((byte)'\n');
        }
        return written;
    }

    /// <summary>tcpdump -nn -v text (checksums verified) per packet.</summary>
    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int PrintVerbose()
    {
        int written = 0;
        for (int i = 0; i < PacketCount; i++)
        {
            if ((i & 1023) == 0)
            {
                written += _output.Length;
                _output.Clear();
            }
            _verbosePrinter.PrintPacket(_linkType, Packet(i), _originalLengths[i]);
            _output.Append((byte)'\n');
        }
        return written;
    }

    /// <summary>One JSON object per packet.</summary>
    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int FormatJson()
    {
        int written = 0;
        for (int i = 0; i < PacketCount; i++)
        {
            if ((i & 1023) == 0)
            {
                written += _output.Length;
                _output.Clear();
            }
            _json.Format(_output, _linkType, Packet(i), _originalLengths[i], 0, i + 1);
            _output.Append((byte)'\n');
        }
        return written;
    }
}
