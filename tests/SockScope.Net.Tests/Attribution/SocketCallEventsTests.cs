using System.Net;
using System.Net.Sockets;
using SockScope.Net.Attribution;
using SockScope.Net.Tests.Observability;
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

    [KernelBtfNamespaceFact("python3")]
    public void CallsOfAnotherNetworkNamespaceAreDroppedInTheKernel()
    {
        uint own = checked((uint)ProcessResolver.OwnNetworkNamespace());
        // A 16 MiB ring: nothing is drained while the senders run, and the test host's own threads
        // (the runner's pipe, other tests) can fill the default 1 MiB in that time.
        using SocketCallEvents events = SocketCallEvents.Start(new AttributionKernelFilter { NetworkNamespace = own }, ringBytes: 16 << 20);
        Assert.True(events.FiltersNamespaceInKernel);
        // Two short-lived senders, one here and one in a namespace of the test's own; each sends to a
        // port of its own, so that the records tell them apart (the second is gone before /proc could name its namespace).
        int port = Random.Shared.Next(20_000, 30_000);
        const string send = "import socket,sys; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', int(sys.argv[1])))";
        using var other = new TestNamespace($"sso-btf{port}");
        other.Ip("link", "set", "lo", "up");
        ToolRunner.Run("python3", "-c", send, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ToolRunner.Run("ip", "netns", "exec", other.Name, "python3", "-c", send, (port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Endpoint here = ProcessAttribution.ToEndpoint(IPAddress.Loopback, port), there = ProcessAttribution.ToEndpoint(IPAddress.Loopback, port + 1);
        // Only the two senders' records are kept: the test host's other threads (and other tests) send too.
        var seen = new List<SocketCallRecord>();
        void Keep(SocketCallRecord r)
        {
            if (r.Address == here || r.Address == there) seen.Add(r);
        }
        for (int i = 0; i < 500 && !seen.Exists(r => r.Address == here); i++)
        {
            events.Drain(Keep);
            Thread.Sleep(10);
        }
        Thread.Sleep(100);
        events.Drain(Keep);
        Assert.True(seen.Exists(r => r.Address == here), $"this namespace's sendto not seen ({events.LostEvents} events lost to a full ring)");
        Assert.DoesNotContain(seen, r => r.Address == there);
    }
}

public class ProcessAttributionTests
{
    [RootFact]
    public void AnotherHostsPacketIsNobodysEvenOnAPortThisHostListensOn()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using ProcessAttribution attribution = ProcessAttribution.Start();
        // A SYN from 192.0.2.8 to 192.0.2.9:port: the wildcard listener's when it is addressed to us.
        byte[] frame = new byte[14 + 40];
        frame[12] = 0x08;
        byte[] ip = [0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 8, 192, 0, 2, 9, 0x9c, 0x40, (byte)(port >> 8), (byte)port, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0];
        ip.CopyTo(frame, 14);
        long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        Assert.Equal(Environment.ProcessId, attribution.Lookup(SockScope.Wire.LinkType.Ethernet, frame, SockScope.Net.Capture.PacketDirection.Host, now)?.Pid);
        // Seen in promiscuous mode, addressed to another host: no process, whatever listens here.
        Assert.Null(attribution.Lookup(SockScope.Wire.LinkType.Ethernet, frame, SockScope.Net.Capture.PacketDirection.OtherHost, now));
        Assert.Equal(LocalEnds.None, attribution.LookupEnds(SockScope.Wire.LinkType.Ethernet, frame, SockScope.Net.Capture.PacketDirection.OtherHost, now, out ProcessInfo? sender, out ProcessInfo? receiver));
        Assert.Null(sender);
        Assert.Null(receiver);
    }
}

public class ProcessAttributionMemoTests
{
    private static byte[] Udp(int sport, int dport, byte protocol = 17)
    {
        byte[] frame = new byte[14 + 20 + 20];
        frame[12] = 0x08;
        byte[] ip = [0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, protocol, 0, 0, 192, 0, 2, 8, 192, 0, 2, 9];
        ip.CopyTo(frame, 14);
        frame[34] = (byte)(sport >> 8); frame[35] = (byte)sport; frame[36] = (byte)(dport >> 8); frame[37] = (byte)dport;
        frame[38] = 0; frame[39] = 20;
        return frame;
    }

    [RootFact]
    public void ARunOfOneFlowKeepsItsProcessAndNothingElseTakesIt()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        using ProcessAttribution attribution = ProcessAttribution.Start();
        long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        var host = SockScope.Net.Capture.PacketDirection.Host;
        byte[] ours = Udp(5000, port);
        for (int i = 0; i < 3; i++) Assert.Equal(Environment.ProcessId, attribution.Lookup(SockScope.Wire.LinkType.Ethernet, ours, host, now + i)?.Pid);
        // Right after it, packets that differ in one thing only are not taken for it.
        Assert.Null(attribution.Lookup(SockScope.Wire.LinkType.Ethernet, ours, SockScope.Net.Capture.PacketDirection.Outgoing, now));
        Assert.Equal(Environment.ProcessId, attribution.Lookup(SockScope.Wire.LinkType.Ethernet, ours, host, now)?.Pid);
        Assert.Null(attribution.Lookup(SockScope.Wire.LinkType.Ethernet, Udp(5000, port ^ 1), host, now));
        Assert.Equal(Environment.ProcessId, attribution.Lookup(SockScope.Wire.LinkType.Ethernet, ours, host, now)?.Pid);
        Assert.Null(attribution.Lookup(SockScope.Wire.LinkType.Ethernet, Udp(5000, port, protocol: 6), host, now));   // TCP header too short
        Assert.Equal(Environment.ProcessId, attribution.Lookup(SockScope.Wire.LinkType.Ethernet, ours, host, now)?.Pid);
        byte[] fragment = (byte[])ours.Clone();
        fragment[14 + 7] = 8;   // a later fragment: its "ports" are payload
        Assert.Null(attribution.Lookup(SockScope.Wire.LinkType.Ethernet, fragment, host, now));
        byte[] raw = ours[14..];
        Assert.Equal(Environment.ProcessId, attribution.Lookup(SockScope.Wire.LinkType.Raw, raw, host, now)?.Pid);
    }
}
