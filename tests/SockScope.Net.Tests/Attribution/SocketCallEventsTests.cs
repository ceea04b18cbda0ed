using System.Net;
using System.Net.Sockets;
using SockScope.Net.Attribution;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Attribution;

public class SocketCallEventsTests
{
    [RootFact]
    public void ReportsThisProcessesSendtoAndConnectWithTheirAddresses()
    {
        using SocketCallEvents events = SocketCallEvents.Start(new AttributionKernelFilter { Pids = [Environment.ProcessId] });
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.SendTo([1, 2, 3], new IPEndPoint(IPAddress.Loopback, 9));
        using var udp6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        udp6.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 10));
        var seen = new List<SocketCallRecord>();
        for (int i = 0; i < 50 && seen.Count < 2; i++)
        {
            events.Drain(seen.Add);
            if (seen.Count < 2) Thread.Sleep(10);
        }
        SocketCallRecord send = Assert.Single(seen, r => r.Call is AttributedCall.SendTo or AttributedCall.SendMsg);
        Assert.Equal(Environment.ProcessId, send.Pid);
        Assert.Equal(ProcessAttribution.ToEndpoint(IPAddress.Loopback, 9), send.Address);
        SocketCallRecord connect = Assert.Single(seen, r => r.Call == AttributedCall.Connect);
        Assert.Equal(ProcessAttribution.ToEndpoint(IPAddress.IPv6Loopback, 10), connect.Address);
        Assert.NotEqual(0UL, connect.CgroupId);
        Assert.True(connect.Time > DateTime.UtcNow.AddMinutes(-1) && connect.Time < DateTime.UtcNow.AddMinutes(1));
    }
}
