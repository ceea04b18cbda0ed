using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Building;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Tests.Decoding;

/// <summary>
/// The construct and emit fixtures: packets made with the header values and PacketBuilder must
/// come out as the expected bytes, read back through the views, and print as tcpdump would.
/// </summary>
public class ConstructAndEmitTests
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:02");
    private static readonly Ipv4Address Src4 = Ipv4Address.Parse("10.90.0.1");
    private static readonly Ipv4Address Dst4 = Ipv4Address.Parse("10.90.0.2");

    private static string Print(LinkType link, ReadOnlySpan<byte> frame, int verbosity = 0)
    {
        using var output = new Utf8Builder();
        new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, Verbosity = verbosity }).PrintPacket(link, frame, frame.Length);
        return output.ToString();
    }

    [Fact]
    public void Tcp_syn_with_options_over_ipv4_and_ethernet()
    {
        var builder = new PacketBuilder(new byte[256]);
        builder.PrependTcp(new TcpHeader(40000, 80, TcpFlags.Syn)
        {
            SequenceNumber = 1000,
            Window = 502,
            Options =
            [
                new TcpOption(TcpOptionKind.MaximumSegmentSize, new byte[] { 0x05, 0xb4 }),
                new TcpOption(TcpOptionKind.SackPermitted, default),
                new TcpOption(TcpOptionKind.Timestamps, new byte[] { 0, 0, 0, 1, 0, 0, 0, 0 }),
                new TcpOption(TcpOptionKind.NoOperation, default),
                new TcpOption(TcpOptionKind.WindowScale, new byte[] { 7 }),
            ],
        }, Src4, Dst4);
        builder.PrependIpv4(new Ipv4Header(Src4, Dst4) { Identification = 0x1234 });
        builder.PrependEthernet(new EthernetHeader(B, A));
        byte[] frame = builder.Written.ToArray();

        // Emit: the bytes tcpdump's test packet has (checksums included).
        Assert.Equal(
            "020000000002020000000001" + "0800" + "4500003c12340000400653d20a5a00010a5a0002"
            + "9c400050000003e800000000a00201f690da0000" + "020405b40402080a000000010000000001030307",
            Convert.ToHexString(frame).ToLowerInvariant());

        // Deconstruct through the views.
        Assert.True(EthernetFrame.TryCreate(frame, out EthernetFrame eth, out _));
        Assert.True(Ipv4Packet.TryCreate(eth.Payload, out Ipv4Packet ip, out _));
        Assert.True(ip.IsHeaderChecksumValid);
        Assert.True(TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp, out _));
        Assert.True(tcp.IsChecksumValid(ip.Source, ip.Destination));
        Assert.Equal(TcpFlags.Syn, tcp.Flags);
        PacketDecoder.Decode(LinkType.Ethernet, frame, out DecodedPacket decoded);
        Assert.Equal(Wire.Decoding.LayerKind.Tcp, decoded.Innermost.Kind);

        Assert.Equal("IP 10.90.0.1.40000 > 10.90.0.2.80: Flags [S], seq 1000, win 502, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
            Print(LinkType.Ethernet, frame));
        Assert.Equal("IP (tos 0x0, ttl 64, id 4660, offset 0, flags [none], proto TCP (6), length 60)\n"
            + "    10.90.0.1.40000 > 10.90.0.2.80: Flags [S], cksum 0x90da (correct), seq 1000, win 502, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0",
            Print(LinkType.Ethernet, frame, verbosity: 1));
    }

    [Fact]
    public void Udp_over_ipv6_verifies()
    {
        var src = Ipv6Address.Parse("fd90::1");
        var dst = Ipv6Address.Parse("fd90::2");
        var builder = new PacketBuilder(new byte[128], "hi"u8);
        builder.PrependUdp(new UdpHeader(5000, 6000), src, dst);
        builder.PrependIpv6(new Ipv6Header(src, dst) { HopLimit = 7 });
        byte[] packet = builder.Written.ToArray();
        Assert.True(Ipv6Packet.TryCreate(packet, out Ipv6Packet ip, out _));
        Assert.Equal(IpProtocol.Udp, ip.NextHeader);
        Assert.Equal(10, ip.PayloadLength);
        Assert.True(UdpDatagram.TryCreate(ip.Payload, out UdpDatagram udp, out _));
        Assert.True(udp.IsChecksumValid(src, dst));
        Assert.Equal("hi"u8.ToArray(), udp.Payload.ToArray());
        Assert.Equal("IP6 (hlim 7, next-header UDP (17) payload length: 10) fd90::1.5000 > fd90::2.6000: [udp sum ok] UDP, length 2",
            Print(LinkType.Raw, packet, verbosity: 1));
    }

    [Fact]
    public void Arp_reply_round_trips()
    {
        var builder = new PacketBuilder(new byte[64]);
        builder.PrependArp(new ArpHeader(ArpOperation.Reply, B, Dst4, A, Src4));
        builder.PrependEthernet(new EthernetHeader(A, B));
        byte[] frame = builder.Written.ToArray();
        Assert.Equal("020000000001020000000002" + "0806" + "0001080006040002" + "0200000000020a5a0002" + "0200000000010a5a0001",
            Convert.ToHexString(frame).ToLowerInvariant());
        Assert.True(ArpPacket.TryCreate(frame.AsSpan(14), out ArpPacket arp, out _));
        Assert.Equal(B, arp.SenderMac);
        Assert.Equal(Src4, arp.TargetIpv4);
        Assert.Equal("ARP, Reply 10.90.0.2 is-at 02:00:00:00:00:02, length 28", Print(LinkType.Ethernet, frame));
    }
}
