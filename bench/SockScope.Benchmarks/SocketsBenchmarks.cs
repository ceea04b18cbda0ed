using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;

namespace SockScope.Benchmarks;

/// <summary>
/// A live sock_diag dump of 5,000 UDP sockets this process opens on loopback: the kernel walk,
/// the netlink transfer and the parsing together. The side-by-side with ss is scripts/sockets-scale.sh.
/// </summary>
[MemoryDiagnoser]
public class SocketsBenchmarks
{
    private readonly List<Socket> _sockets = [];
    private NetlinkSocket? _diag;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < 5000; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _sockets.Add(s);
        }
        _diag = NetlinkSocket.Open(NetlinkSocket.SockDiagProtocol);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _diag?.Dispose();
        foreach (Socket s in _sockets) s.Dispose();
    }

    [Benchmark(Description = "dump udp4 sockets (5000+)")]
    public int DumpUdp()
    {
        var list = new List<SocketInfo>(8192);
        SockDiag.DumpInet(_diag!, SocketKind.Udp, ipv6: false, list);
        return list.Count;
    }

    [Benchmark(Description = "SocketTable.Query tcp+udp, no owners")]
    public int Query() => SocketTable.Query(new SocketQuery { Tcp = true, Udp = true, States = SocketQuery.AllStates }).Sockets.Count;
}
