using SockScope.TestSupport;
using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Building;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Tests.Building;

public class PacketBuilderTests
{
    private static readonly Ipv4Address Src4 = Ipv4Address.Parse("192.168.0.1");
    private static readonly Ipv4Address Dst4 = Ipv4Address.Parse("192.168.0.199");
    private static readonly Ipv6Address Src6 = Ipv6Address.Parse("fd92:1::2");
    private static readonly Ipv6Address Dst6 = Ipv6Address.Parse("fd92:2::2");

    [Fact]
    public void Ipv4HeaderChecksumMatchesTheTextbookExample()
    {
        // The RFC 1071-style example every course uses: 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7.
        var header = new Ipv4Header(Src4, Dst4, IpProtocol.Udp) { TotalLength = 0x73, DontFragment = true, Ttl = 0x40 };
        Span<byte> bytes = stackalloc byte[20];
        Assert.True(header.TryWrite(bytes, out int n));
        Assert.Equal(20, n);
        Assert.Equal(Convert.FromHexString("450000730000400040110000c0a80001c0a800c7").AsSpan(0, 10).ToArray(), bytes[..10].ToArray());
        Assert.Equal(0xB861, BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]));
    }

    [Fact]
    public void IcmpEchoChecksumIsComputedOverTheMessage()
    {
        var b = new PacketBuilder(stackalloc byte[64]);
        b.PrependIcmp(IcmpHeader.EchoRequest(0x1234, 1));
        // ~(0x0800 + 0x1234 + 0x0001) = 0xE5CA
        Assert.Equal(Convert.FromHexString("0800e5ca12340001"), b.Written.ToArray());
    }

    [Fact]
    public void UdpOverIpv4FillsLengthsProtocolAndBothChecksums()
    {
        var b = new PacketBuilder(stackalloc byte[128], "hello"u8);
        b.PrependUdp(new UdpHeader(4000, 5000));
        b.PrependIpv4(new Ipv4Header(Src4, Dst4) { Ttl = 7, Identification = 4242 });
        Span<byte> p = b.Written;

        Assert.Equal(20 + 8 + 5, p.Length);
        Assert.Equal(0x45, p[0]);
        Assert.Equal(33, BinaryPrimitives.ReadUInt16BigEndian(p[2..]));
        Assert.Equal(4242, BinaryPrimitives.ReadUInt16BigEndian(p[4..]));
        Assert.Equal(7, p[8]);
        Assert.Equal((byte)IpProtocol.Udp, p[9]);
        Assert.Equal(0, InternetChecksum.Compute(p[..20]));
        Assert.Equal(13, BinaryPrimitives.ReadUInt16BigEndian(p[24..]));
        Assert.NotEqual(0, BinaryPrimitives.ReadUInt16BigEndian(p[26..]));
        Assert.True(InternetChecksum.Verify(Src4, Dst4, IpProtocol.Udp, p[20..]));
        Assert.Equal("hello"u8.ToArray(), p[28..].ToArray());
    }

    [Fact]
    public void UdpChecksumGivenAddressesEqualsTheOneFilledByTheIpLayer()
    {
        var direct = new PacketBuilder(stackalloc byte[64], "x"u8);
        direct.PrependUdp(new UdpHeader(1, 2), Src4, Dst4);
        byte[] directBytes = direct.Written.ToArray();

        var later = new PacketBuilder(stackalloc byte[64], "x"u8);
        later.PrependUdp(new UdpHeader(1, 2));
        later.PrependIpv4(new Ipv4Header(Src4, Dst4));
        Assert.Equal(directBytes, later.Written[20..].ToArray());
    }

    [Fact]
    public void DeliberatelyWrongValuesAreWrittenAsGiven()
    {
        var b = new PacketBuilder(stackalloc byte[128], "abc"u8);
        b.PrependUdp(new UdpHeader(1, 2) { LengthField = 99, Checksum = 0xDEAD });
        b.PrependIpv4(new Ipv4Header(Src4, Dst4, (IpProtocol)253) { TotalLength = 1000, Checksum = 0xBEEF, HeaderLengthBytes = 24, Version = 5 });
        Span<byte> p = b.Written;
        Assert.Equal(0x56, p[0]);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(p[2..]));
        Assert.Equal(253, p[9]);
        Assert.Equal(0xBEEF, BinaryPrimitives.ReadUInt16BigEndian(p[10..]));
        Assert.Equal(99, BinaryPrimitives.ReadUInt16BigEndian(p[24..]));
        Assert.Equal(0xDEAD, BinaryPrimitives.ReadUInt16BigEndian(p[26..]));
    }

    [Fact]
    public void Ipv4OptionsArePaddedAndCountedInTheHeaderLength()
    {
        var b = new PacketBuilder(stackalloc byte[128]);
        b.PrependIcmp(IcmpHeader.EchoRequest(1, 1));
        b.PrependIpv4(new Ipv4Header(Src4, Dst4) { Options = (byte[])[Ipv4Option.NoOperation, .. Ipv4Option.RouterAlert()] });
        Span<byte> p = b.Written;
        Assert.Equal(0x47, p[0]); // 20 + 5 padded to 8 = 28 bytes = 7 words
        Assert.Equal(new byte[] { 1, 148, 4, 0, 0, 0, 0, 0 }, p[20..28].ToArray());
        Assert.Equal((byte)IpProtocol.Icmp, p[9]);
        Assert.Equal(0, InternetChecksum.Compute(p[..28]));
        Assert.True(Ipv4Header.TryParse(p, out Ipv4Header parsed));
        Assert.Equal(28, parsed.Length);
    }

    [Fact]
    public void TcpOptionsAreEncodedPaddedAndChecksummed()
    {
        var tcp = new TcpHeader(1234, 80, TcpFlags.Syn | TcpFlags.Ack)
        {
            SequenceNumber = 1000,
            Options = [TcpOption.MaximumSegmentSize(1300), TcpOption.SackPermitted, TcpOption.Timestamps(1, 0), TcpOption.WindowScale(7)],
        };
        var b = new PacketBuilder(stackalloc byte[128]);
        b.PrependTcp(tcp);
        b.PrependIpv4(new Ipv4Header(Src4, Dst4));
        Span<byte> p = b.Written;
        Span<byte> seg = p[20..];
        // 4 + 2 + 10 + 3 = 19 bytes of options -> 20 -> data offset 40 bytes.
        Assert.Equal(40, seg.Length);
        Assert.Equal(10, seg[12] >> 4);
        Assert.Equal(0x12, seg[13]);
        Assert.Equal(Convert.FromHexString("02040514" + "0402" + "080a0000000100000000" + "030307" + "00"), seg[20..].ToArray());
        Assert.Equal((byte)IpProtocol.Tcp, p[9]);
        Assert.True(InternetChecksum.Verify(Src4, Dst4, IpProtocol.Tcp, seg));

        Assert.True(TcpHeader.TryParse(seg, out TcpHeader parsed));
        Assert.Equal(5, parsed.Options.Count); // the four and the end-of-list padding
        Assert.Equal(tcp.Options[2].Data.ToArray(), parsed.Options[2].Data.ToArray());
    }

    [Fact]
    public void Icmpv6OverIpv6WithExtensionHeadersChainsNextHeadersAndUsesTheUpperLayerLength()
    {
        var b = new PacketBuilder(stackalloc byte[256], "ping"u8);
        b.PrependIcmpv6(Icmpv6Header.EchoRequest(7, 9));
        b.PrependIpv6Extension(new Ipv6ExtensionHeader(IpProtocol.DestinationOptions, ReadOnlyMemory<byte>.Empty));
        b.PrependIpv6Extension(Ipv6ExtensionHeader.RouterAlert());
        b.PrependIpv6(new Ipv6Header(Src6, Dst6) { HopLimit = 1, FlowLabel = 0x12345 });
        Span<byte> p = b.Written;
        Assert.Equal(40 + 8 + 8 + 12, p.Length);
        Assert.Equal(0x60012345u, BinaryPrimitives.ReadUInt32BigEndian(p));
        Assert.Equal(28, BinaryPrimitives.ReadUInt16BigEndian(p[4..]));
        Assert.Equal((byte)IpProtocol.HopByHop, p[6]);
        Assert.Equal(1, p[7]);
        Assert.Equal((byte)IpProtocol.DestinationOptions, p[40]);
        Assert.Equal(new byte[] { 5, 2, 0, 0, 1, 0 }, p[42..48].ToArray()); // router alert, PadN of 2
        Assert.Equal((byte)IpProtocol.Icmpv6, p[48]);
        Assert.Equal(new byte[] { 1, 4, 0, 0, 0, 0 }, p[50..56].ToArray()); // empty body: PadN of 6
        Assert.True(InternetChecksum.Verify(Src6, Dst6, IpProtocol.Icmpv6, p[56..]));
    }

    [Fact]
    public void UdpOverIpv6FragmentHeader()
    {
        var b = new PacketBuilder(stackalloc byte[128], "abc"u8);
        b.PrependUdp(new UdpHeader(7, 7));
        b.PrependIpv6Extension(Ipv6ExtensionHeader.Fragment(0, moreFragments: true, 0xCAFEBABE));
        b.PrependIpv6(new Ipv6Header(Src6, Dst6));
        Span<byte> p = b.Written;
        Assert.Equal((byte)IpProtocol.Fragment, p[6]);
        Assert.Equal(Convert.FromHexString("11000001cafebabe"), p[40..48].ToArray());
        Assert.True(InternetChecksum.Verify(Src6, Dst6, IpProtocol.Udp, p[48..]));
    }

    [Fact]
    public void EthernetTypeFollowsTheLayerInside()
    {
        var mac = MacAddress.Parse("02:00:00:00:00:01");
        var b = new PacketBuilder(stackalloc byte[64]);
        b.PrependArp(new ArpHeader(ArpOperation.Request, mac, Src4, MacAddress.Zero, Dst4));
        b.PrependEthernet(new EthernetHeader(MacAddress.Broadcast, mac));
        Span<byte> p = b.Written;
        Assert.Equal(42, p.Length);
        Assert.Equal(Convert.FromHexString("ffffffffffff020000000001" + "0806" + "0001080006040001" + "020000000001c0a80001" + "000000000000c0a800c7"), p.ToArray());
        Assert.True(ArpHeader.TryParse(p[14..], out ArpHeader arp));
        Assert.Equal(Dst4, arp.TargetProtocolAddress);

        var b6 = new PacketBuilder(stackalloc byte[128]);
        b6.PrependIcmpv6(Icmpv6Header.EchoRequest(1, 1));
        b6.PrependIpv6(new Ipv6Header(Src6, Dst6));
        b6.PrependEthernet(new EthernetHeader(MacAddress.Broadcast, mac));
        Assert.Equal(0x86DD, BinaryPrimitives.ReadUInt16BigEndian(b6.Written[12..]));
    }

    [Fact]
    public void RunningOutOfHeadroomIsCallerMisuse()
    {
        byte[] small = new byte[10];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var b = new PacketBuilder(small);
            b.PrependIpv4(new Ipv4Header(Src4, Dst4));
        });
    }

    [Fact]
    public void HeadersRoundTripThroughTryParse()
    {
        var ip = new Ipv4Header(Src4, Dst4, IpProtocol.Tcp) { Ttl = 3, Identification = 77, DontFragment = true, FragmentOffset = 5, TypeOfService = 0xB8 };
        Span<byte> bytes = stackalloc byte[60];
        Assert.True(ip.TryWrite(bytes, 100, out int n));
        Assert.True(Ipv4Header.TryParse(bytes[..n], out Ipv4Header back));
        Assert.Equal(ip with { TotalLength = 120, Checksum = back.Checksum, HeaderLengthBytes = 20, Options = back.Options }, back);

        var ip6 = new Ipv6Header(Src6, Dst6, IpProtocol.Udp) { HopLimit = 9, TrafficClass = 0x28, FlowLabel = 0xFFFFF };
        Assert.True(ip6.TryWrite(bytes, 8, out n));
        Assert.True(Ipv6Header.TryParse(bytes[..n], out Ipv6Header back6));
        Assert.Equal(ip6 with { PayloadLength = 8 }, back6);

        var udp = new UdpHeader(1, 2) { LengthField = 8, Checksum = 5 };
        Assert.True(udp.TryWrite(bytes, out n));
        Assert.True(UdpHeader.TryParse(bytes[..n], out UdpHeader backUdp));
        Assert.Equal(udp, backUdp);

        var icmp = IcmpHeader.EchoReply(3, 4) with { Checksum = 0x1111 };
        Assert.True(icmp.TryWrite(bytes, out n));
        Assert.True(IcmpHeader.TryParse(bytes[..n], out IcmpHeader backIcmp));
        Assert.Equal(icmp, backIcmp);
        Assert.Equal(3, backIcmp.Identifier);
        Assert.Equal(4, backIcmp.SequenceNumber);

        Assert.False(Ipv4Header.TryParse(bytes[..19], out _));
        Assert.False(TcpHeader.TryParse(bytes[..19], out _));
    }

    [Fact]
    public void BuildingAllocatesNothing()
    {
        byte[] buffer = new byte[1600];
        byte[] payload = new byte[1400];
        var tcp = new TcpHeader(1, 2, TcpFlags.Syn) { Options = [TcpOption.MaximumSegmentSize(1460), TcpOption.WindowScale(7)] };
        void Build()
        {
            var b = new PacketBuilder(buffer, payload);
            b.PrependUdp(new UdpHeader(1, 2));
            b.PrependIpv4(new Ipv4Header(Src4, Dst4));
            b.PrependEthernet(new EthernetHeader(MacAddress.Broadcast, MacAddress.Zero));
            var c = new PacketBuilder(buffer);
            c.PrependTcp(tcp);
            c.PrependIpv6(new Ipv6Header(Src6, Dst6));
        }
        Build(); // first call: JIT
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 100; i++) Build();
        }));
    }
}
