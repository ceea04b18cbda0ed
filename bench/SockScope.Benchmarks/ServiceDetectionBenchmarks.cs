using BenchmarkDotNet.Attributes;
using SockScope.Analysis;
using SockScope.Analysis.Services;
using SockScope.Wire;
using SockScope.Wire.Ip;

namespace SockScope.Benchmarks;

/// <summary>
/// What conn.log's service costs. <see cref="BulkTransferPacket"/>: the analyzer on one established
/// connection whose responder only ACKs (so the flow never decides: the worst steady state), with
/// detection on and off, per packet. <see cref="FirstPayloadsOfOneFlow"/>: a detector fed the 4 + 4
/// payloads it examines before giving up, 1460 bytes of text each (the line scans' worst case), per flow.
/// Figures and the command are in docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class ServiceDetectionBenchmarks
{
    private const int Packets = 100_000;
    private readonly byte[] _data = new byte[54 + 1460];
    private readonly byte[] _ack = new byte[54];
    private readonly byte[] _text = new byte[1460];
    private TrafficAnalyzer _analyzer = null!;
    private uint _seq;
    private long _time;

    /// <summary>Detection on (the default) or off.</summary>
    [Params(false, true)]
    public bool DetectServices { get; set; }

    [GlobalSetup]
    public void Fill()
    {
        for (int i = 0; i < _text.Length; i++) _text[i] = (byte)(i % 40 == 39 ? '\n' : 'a' + i % 26);
    }

    [IterationSetup(Target = nameof(BulkTransferPacket))]
    public void Setup()
    {
        _analyzer = new TrafficAnalyzer(new TrafficAnalyzerOptions { DetectServices = DetectServices });
        _seq = 1001;
        _time = 1_700_000_000_000_000_000;
        TcpFrames.Write(_ack, 0x0A000001, 0x0A000002, 40000, 5001, 1000, 0, 0x02, 0);
        _analyzer.Process(_ack, LinkType.Ethernet, _time, _ack.Length);
        TcpFrames.Write(_ack, 0x0A000002, 0x0A000001, 5001, 40000, 5000, 1001, 0x12, 0);
        _analyzer.Process(_ack, LinkType.Ethernet, _time, _ack.Length);
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long BulkTransferPacket()
    {
        for (int i = 0; i < Packets; i += 2)
        {
            TcpFrames.Write(_data, 0x0A000001, 0x0A000002, 40000, 5001, _seq, 5001, 0x18, 1460);
            _analyzer.Process(_data, LinkType.Ethernet, _time += 1000, _data.Length);
            _seq += 1460;
            TcpFrames.Write(_ack, 0x0A000002, 0x0A000001, 5001, 40000, 5001, _seq, 0x10, 0);
            _analyzer.Process(_ack, LinkType.Ethernet, _time += 1000, _ack.Length);
        }
        return _analyzer.Statistics.FlowPackets;
    }

    [Benchmark]
    public bool FirstPayloadsOfOneFlow()
    {
        var detector = new ServiceDetector(IpProtocol.Tcp, 5001);
        for (int i = 0; i < ServiceDetector.PayloadPacketsPerDirection; i++)
        {
            detector.Observe(FlowDirection.Originator, _text);
            detector.Observe(FlowDirection.Responder, _text);
        }
        return detector.IsDecided;
    }
}
