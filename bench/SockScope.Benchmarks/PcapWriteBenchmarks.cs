using BenchmarkDotNet.Attributes;
using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Benchmarks;

/// <summary>Writing 10,000 packets as pcap and pcapng through the buffered writer to a null stream: 0 B per packet.</summary>
[MemoryDiagnoser]
public class PcapWriteBenchmarks
{
    private const int Packets = 10_000;
    private readonly byte[] _frame = new byte[1514];
    private CaptureFileWriter _pcap = null!;
    private CaptureFileWriter _pcapNg = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(2).NextBytes(_frame);
        _pcap = CaptureFileWriter.Create(Stream.Null, CaptureFileFormat.Pcap, LinkType.Ethernet, leaveOpen: true);
        _pcapNg = CaptureFileWriter.Create(Stream.Null, CaptureFileFormat.PcapNg, LinkType.Ethernet, leaveOpen: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pcap.Dispose();
        _pcapNg.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public void WritePcap() => WriteAll(_pcap);

    [Benchmark(OperationsPerInvoke = Packets)]
    public void WritePcapNg() => WriteAll(_pcapNg);

    private void WriteAll(CaptureFileWriter writer)
    {
        for (int i = 0; i < Packets; i++)
        {
            int length = i % 3 == 0 ? 1514 : 60 + i % 600;
            writer.Write(_frame.AsSpan(0, length), 1_700_000_000_000_000_000 + i * 1000L, length);
        }
    }
}
