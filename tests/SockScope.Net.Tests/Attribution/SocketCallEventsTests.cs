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
        // The test host's own threads talk to the runner over loopback too: look only for our two calls.
        var sendTarget = ProcessAttribution.ToEndpoint(IPAddress.Loopback, 9);
        var connectTarget = ProcessAttribution.ToEndpoint(IPAddress.IPv6Loopback, 10);
        bool IsOurSend(SocketCallRecord r) => r.Call is AttributedCall.SendTo or AttributedCall.SendMsg && r.Address == sendTarget;
        bool IsOurConnect(SocketCallRecord r) => r.Call == AttributedCall.Connect && r.Address == connectTarget;
        var seen = new List<SocketCallRecord>();
        for (int i = 0; i < 50 && !(seen.Exists(IsOurSend) && seen.Exists(IsOurConnect)); i++)
        {
            events.Drain(seen.Add);
            Thread.Sleep(10);
        }
        SocketCallRecord send = Assert.Single(seen, IsOurSend);
        Assert.Equal(Environment.ProcessId, send.Pid);
        SocketCallRecord connect = Assert.Single(seen, IsOurConnect);
        Assert.NotEqual(0UL, connect.CgroupId);
        Assert.True(connect.Time > DateTime.UtcNow.AddMinutes(-1) && connect.Time < DateTime.UtcNow.AddMinutes(1));
    }
}
