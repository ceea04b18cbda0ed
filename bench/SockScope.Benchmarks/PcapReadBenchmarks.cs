using BenchmarkDotNet.Attributes;
using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Benchmarks;

/// <summary>
/// Reading 10,000 records (60 to 1514 bytes) from an in-memory pcap and pcapng through the
/// zero-copy API. Allocated/op is per packet (OperationsPerInvoke): the goal is 0 B.
/// </summary>
[MemoryDiagnoser]
public class PcapReadBenchmarks
{
    private const int Packets = 10_000;
    private byte[] _pcap = [];
    private byte[] _pcapNg = [];

    [GlobalSetup]
    public void Setup()
    {
        _pcap = Build(CaptureFileFormat.Pcap);
        _pcapNg = Build(CaptureFileFormat.PcapNg);
    }

    internal static byte[] Build(CaptureFileFormat format)
    {
        var stream = new MemoryStream();
        using (CaptureFileWriter writer = CaptureFileWriter.Create(stream, format, LinkType.Ethernet, leaveOpen: true))
        {
            var random = new Random(1);
            byte[] frame = new byte[1514];
            random.NextBytes(frame);
            for (int i = 0; i < Packets; i++)
            {
                int length = i % 3 == 0 ? 1514 : 60 + random.Next(600);
                writer.Write(frame.AsSpan(0, length), 1_700_000_000_000_000_000 + i * 1000L, length);
            }
        }
        return stream.ToArray();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long ReadPcap() => ReadAll(_pcap);

    [Benchmark(OperationsPerInvoke = Packets)]
    public long ReadPcapNg() => ReadAll(_pcapNg);

    private static long ReadAll(byte[] file)
    {
        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file, writable: false));
        long bytes = 0;
        while (reader.TryRead(out CaptureRecord record)) bytes += record.Data.Length + record.TimestampNanoseconds;
        return bytes;
    }
}
