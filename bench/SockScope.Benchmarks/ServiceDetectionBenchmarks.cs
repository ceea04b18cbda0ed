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
    private readonly byte[] _text = new byte[1460];
    private BulkTransfer _transfer = null!;

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
        _transfer = new BulkTransfer(new TrafficAnalyzer(new TrafficAnalyzerOptions { DetectServices = DetectServices }), 5001);
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long BulkTransferPacket()
    {
        return _transfer.Run(Packets);
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
