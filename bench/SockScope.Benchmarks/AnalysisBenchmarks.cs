using BenchmarkDotNet.Attributes;
using SockScope.Analysis;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Transport;

namespace SockScope.Benchmarks;

/// <summary>
/// In-order TCP reassembly: 1460-byte segments of one connection, both directions acknowledged as
/// they go, into a handler that only sums lengths. Per segment (OperationsPerInvoke); payload
/// throughput = 1460 B / mean. Figures and the command are in docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class ReassemblyBenchmarks
{
    private const int Segments = 100_000;
    private const int SegmentSize = 1460;

    private readonly byte[] _payload = new byte[SegmentSize];
    private TcpStreamReassembler _reassembler = null!;
    private readonly CountingHandler _handler = new();
    private uint _seq;

    [IterationSetup]
    public void Setup()
    {
        _reassembler = new TcpStreamReassembler();
        _reassembler.Process(FlowDirection.Originator, 1000, 0, TcpFlags.Syn, default, _handler);
        _reassembler.Process(FlowDirection.Responder, 5000, 1001, TcpFlags.Syn | TcpFlags.Ack, default, _handler);
        _seq = 1001;
    }

    [Benchmark(OperationsPerInvoke = Segments)]
    public long InOrderSegment()
    {
        TcpStreamReassembler r = _reassembler;
        uint seq = _seq;
        for (int i = 0; i < Segments; i++)
        {
            r.Process(FlowDirection.Originator, seq, 5001, TcpFlags.Ack | TcpFlags.Psh, _payload, _handler);
            seq += SegmentSize;
            if ((i & 1) == 1) r.Process(FlowDirection.Responder, 5001, seq, TcpFlags.Ack, default, _handler);
        }
        _seq = seq;
        return _handler.Bytes;
    }

    private sealed class CountingHandler : ITcpStreamHandler
    {
        public long Bytes;
        public void OnData(FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data) => Bytes += data.Length;
        public void OnGap(FlowDirection direction, long streamOffset, long length) { }
        public void OnEnd(FlowDirection direction, TcpStreamEnd reason) { }
    }
}

/// <summary>
/// The whole analyzer on one established connection: decode, flow lookup, TCP state and history,
/// reassembly, per packet (0 B allocated once the flow exists).
/// </summary>
[MemoryDiagnoser]
public class TrafficAnalyzerBenchmarks
{
    private const int Packets = 100_000;
    private BulkTransfer _transfer = null!;

    [IterationSetup]
    public void Setup()
    {
        _transfer = new BulkTransfer(new TrafficAnalyzer(), 80);
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long DataAndAckPackets()
    {
        return _transfer.Run(Packets);
    }
}

/// <summary>
/// The packets of mixed-100k.pcap held in memory, through the decoder alone, the decoder plus
/// <see cref="FlowPacket.TryCreate"/>, and the whole <see cref="TrafficAnalyzer"/> (per packet):
/// where `sockscope flows` spends its time beyond reading the file.
/// </summary>
[MemoryDiagnoser]
public class FlowsCaptureBenchmarks
{
    private const int PacketCount = 100_000;
    private byte[] _bytes = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private long[] _times = [];
    private LinkType _linkType;
    private DecodedPacket _decoded;

    [GlobalSetup]
    public void Setup()
    {
        string path = Environment.GetEnvironmentVariable("SOCKSCOPE_BENCH_CAPTURE") ?? "/tmp/sockscope-bench/mixed-100k.pcap";
        var bytes = new List<byte>();
        var offsets = new List<int>();
        var lengths = new List<int>();
        var times = new List<long>();
        using (var reader = SockScope.Files.CaptureFileReader.Open(path))
        {
            _linkType = reader.LinkType;
            while (offsets.Count < PacketCount && reader.TryRead(out SockScope.Files.CaptureRecord record))
            {
                offsets.Add(bytes.Count);
                lengths.Add(record.Data.Length);
                times.Add(record.TimestampNanoseconds);
                bytes.AddRange(record.Data);
            }
        }
        (_bytes, _offsets, _lengths, _times) = (bytes.ToArray(), offsets.ToArray(), lengths.ToArray(), times.ToArray());
    }

    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int Decode()
    {
        int n = 0;
        for (int i = 0; i < _offsets.Length; i++)
        {
            PacketDecoder.DecodeInto(_linkType, _bytes.AsSpan(_offsets[i], _lengths[i]), ref _decoded);
            n += _decoded.Count;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = PacketCount)]
    public int DecodeAndFlowFields()
    {
        int n = 0;
        for (int i = 0; i < _offsets.Length; i++)
        {
            ReadOnlySpan<byte> frame = _bytes.AsSpan(_offsets[i], _lengths[i]);
            PacketDecoder.DecodeInto(_linkType, frame, ref _decoded);
            if (FlowPacket.TryCreate(frame, _decoded, out FlowPacket p)) n += p.IpLength;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = PacketCount)]
    public long Analyzer()
    {
        var analyzer = new TrafficAnalyzer();
        for (int i = 0; i < _offsets.Length; i++)
            analyzer.Process(_bytes.AsSpan(_offsets[i], _lengths[i]), _linkType, _times[i], _lengths[i]);
        analyzer.Finish();
        return analyzer.Statistics.FlowPackets;
    }
}
