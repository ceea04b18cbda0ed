using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using SockScope.Net.Probing;

namespace SockScope.Benchmarks;

/// <summary>
/// One echo request and its reply over 127.0.0.1 on a raw ICMP socket (needs root): the cost of
/// SockScope's send and receive path, kernel loopback included. Compare with `ping -f -c N 127.0.0.1`
/// (iputils' ipg per probe) in docs/perf/ping.md.
/// </summary>
[MemoryDiagnoser]
public class PingLoopbackBenchmarks
{
    private IcmpSocket _socket = null!;
    private readonly byte[] _payload = new byte[56];
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _socket = IcmpSocket.Open(AddressFamily.InterNetwork, PingSocketKind.Raw);
        _socket.Connect(IPAddress.Loopback);
    }

    [GlobalCleanup]
    public void Cleanup() => _socket.Dispose();

    [Benchmark(Description = "raw ICMP echo round trip on 127.0.0.1")]
    public long RoundTrip()
    {
        ushort sequence = ++_sequence;
        long sent = _socket.SendEcho(sequence, _payload);
        while (_socket.TryReceive(1000, out IcmpEvent e))
        {
            if (e.Sequence == sequence) return e.ReceivedTicks - sent;
        }
        return -1;
    }
}
