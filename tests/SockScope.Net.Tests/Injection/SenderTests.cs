using System.Net;
using System.Net.Sockets;
using SockScope.Net.Injection;
using SockScope.TestSupport;
using SockScope.Wire.Addresses;
using SockScope.Wire.Building;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Net.Tests.Injection;

/// <summary>Each sender's packets are received by an ordinary UDP socket on loopback.</summary>
public class SenderTests
{
    private static (Socket Socket, ushort Port) Listen(IPAddress address)
    {
        var s = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
        s.Bind(new IPEndPoint(address, 0));
        return (s, (ushort)((IPEndPoint)s.LocalEndPoint!).Port);
    }

    private static string Receive(Socket s)
    {
        var buffer = new byte[2048];
        int n = s.Receive(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, n);
    }

    [RootFact]
    public void RawIpv4SendsTheHeaderAsBuilt()
    {
        (Socket listener, ushort port) = Listen(IPAddress.Loopback);
        using (listener)
        using (var sender = new RawIpv4Sender())
        {
            var b = new PacketBuilder(new byte[256], "over IP_HDRINCL"u8);
            b.PrependUdp(new UdpHeader(4000, port));
            b.PrependIpv4(new Ipv4Header(Ipv4Address.Loopback, Ipv4Address.Loopback) { Identification = 77 });
            Assert.Equal(b.Length, sender.Send(b.Written));
            Assert.Equal("over IP_HDRINCL", Receive(listener));
        }
    }

    [RootFact]
    public void RawIpv6BuildsTheHeaderInTheKernelOrSendsItIncluded()
    {
        (Socket listener, ushort port) = Listen(IPAddress.IPv6Loopback);
        using (listener)
        using (var sender = new RawIpv6Sender())
        {
            var b = new PacketBuilder(new byte[256], "kernel header"u8);
            b.PrependUdp(new UdpHeader(4000, port));
            b.PrependIpv6Extension(new Ipv6ExtensionHeader(IpProtocol.DestinationOptions, ReadOnlyMemory<byte>.Empty));
            b.PrependIpv6(new Ipv6Header(Ipv6Address.Loopback, Ipv6Address.Loopback) { HopLimit = 9 });
            sender.Send(b.Written);
            Assert.False(sender.LastSendIncludedHeader);
            Assert.Equal("kernel header", Receive(listener));

            // A flow label cannot be asked of the kernel per packet: the header goes out as built.
            var c = new PacketBuilder(new byte[256], "included"u8);
            c.PrependUdp(new UdpHeader(4000, port));
            c.PrependIpv6(new Ipv6Header(Ipv6Address.Loopback, Ipv6Address.Loopback) { FlowLabel = 5 });
            sender.Send(c.Written);
            Assert.True(sender.LastSendIncludedHeader);
            Assert.Equal("included", Receive(listener));
        }
    }

    // The packet socket sender is checked on the veths of the three-namespace topology
    // (tests/SockScope.Cli.Tests: SendCommandTests.EthernetAndArpFramesOnAnInterface and
    // ReplayCommandTests, byte for byte): frames injected on "lo" are dropped by the kernel's
    // input path, and this process cannot enter a namespace of its own.

    [RootFact]
    public void AnUnknownInterfaceIsATypedError()
    {
        var e = Assert.Throws<NetOperationException>(() => new PacketSocketSender("ssp-nosuch0"));
        Assert.Equal(Interop.Errno.ENODEV, e.Errno);
        Assert.Throws<NetOperationException>(() => new RawIpv4Sender("ssp-nosuch0"));
    }
}
