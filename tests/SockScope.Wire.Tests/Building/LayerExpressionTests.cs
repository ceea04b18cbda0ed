using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Building;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Building;

public class LayerExpressionTests
{
    private static readonly LayerDefaults Defaults = new()
    {
        Ipv4Source = Ipv4Address.Parse("10.92.1.2"),
        Ipv6Source = Ipv6Address.Parse("fd92:1::2"),
        SourceMac = MacAddress.Parse("02:00:00:00:00:01"),
    };

    [Fact]
    public void UdpExampleFromTheIssue()
    {
        var e = LayerExpression.Parse("ipv4(dst=10.0.0.2, ttl=7, id=4242) / udp(sport=4000, dport=5000) / 'hello'");
        Assert.Equal(ExpressionLayerKind.Ipv4, e.Outermost);
        Assert.True(e.NeedsIpv4Source);
        byte[] p = e.Build(Defaults);
        Assert.Equal(33, p.Length);
        Assert.Equal(7, p[8]);
        Assert.Equal(4242, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(4)));
        Assert.Equal("10.92.1.2", Ipv4Address.Read(p.AsSpan(12)).ToString());
        Assert.Equal(4000, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(20)));
        Assert.True(InternetChecksum.Verify(Ipv4Address.Read(p.AsSpan(12)), Ipv4Address.Read(p.AsSpan(16)), IpProtocol.Udp, p.AsSpan(20)));
        Assert.Equal("hello"u8.ToArray(), p[28..]);
    }

    [Fact]
    public void AnyProtocolWithRawBytes()
    {
        byte[] p = LayerExpression.Parse("ipv4(dst=10.0.0.2, proto=253) / raw(0102)").Build(Defaults);
        Assert.Equal(22, p.Length);
        Assert.Equal(253, p[9]);
        Assert.Equal(new byte[] { 1, 2 }, p[20..]);
    }

    [Fact]
    public void ArpRequestInEthernet()
    {
        var e = LayerExpression.Parse("ether(dst=ff:ff:ff:ff:ff:ff) / arp(op=request, psrc=10.92.1.2, pdst=10.92.1.1)");
        Assert.Equal(ExpressionLayerKind.Ethernet, e.Outermost);
        Assert.True(e.NeedsSourceMac);
        byte[] p = e.Build(Defaults);
        Assert.Equal(42, p.Length);
        Assert.Equal("ffffffffffff0200000000010806000108000604000102000000000" + "10a5c0102000000000000" + "0a5c0101",
            Convert.ToHexStringLower(p));
    }

    [Fact]
    public void Icmpv6EchoRequest()
    {
        byte[] p = LayerExpression.Parse("ipv6(dst=fd92:2::2, hlim=5) / icmpv6(type=echo-request, id=7, seq=1)").Build(Defaults);
        Assert.Equal(48, p.Length);
        Assert.Equal(58, p[6]);
        Assert.Equal(5, p[7]);
        Assert.Equal(128, p[40]);
        Assert.True(InternetChecksum.Verify(Ipv6Address.Read(p.AsSpan(8)), Ipv6Address.Read(p.AsSpan(24)), IpProtocol.Icmpv6, p.AsSpan(40)));
    }

    [Fact]
    public void TcpFlagsAndOptions()
    {
        byte[] p = LayerExpression.Parse("ipv4(dst=10.92.2.2)/tcp(sport=1, dport=2, flags=SA, options=[mss=1300, sack-perm, ts=1:0, ws=7])").Build(Defaults);
        Assert.Equal(0x12, p[20 + 13]);
        Assert.Equal(10, p[20 + 12] >> 4);
        Assert.Equal("02040514", Convert.ToHexStringLower(p.AsSpan(40, 4)));
    }

    [Fact]
    public void DeliberatelyWrongChecksumsAndLengths()
    {
        byte[] p = LayerExpression.Parse("ip(src=10.92.1.2, dst=10.92.2.2, chksum=0x1234, len=99, flags=DF+MF) / udp(chksum=0, len=3)").Build();
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(10)));
        Assert.Equal(99, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2)));
        Assert.Equal(0x6000, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(6)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(24)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(26)));
    }

    [Fact]
    public void Ipv6ExtensionLayers()
    {
        byte[] p = LayerExpression.Parse("ipv6(dst=fd92:2::2)/hbh(ra=0)/frag(id=5, m=1)/udp(dport=9)/raw(data=00)").Build(Defaults);
        Assert.Equal(0, p[6]);
        Assert.Equal(44, p[40]);
        Assert.Equal(17, p[48]);
        Assert.Equal(1, p[51] & 1);
    }

    [Theory]
    [InlineData("ipv5(dst=1.2.3.4)", 1, "unknown layer 'ipv5'")]
    [InlineData("ipv4(dst=10.0.0.2, ttl=7) / udp(sprot=1)", 33, "unknown field 'sprot'")]
    [InlineData("ipv4(dst=10.0.0.2, ttl=700)", 24, "a number from 0 to 255")]
    [InlineData("ipv4(dst=10.0.0.300)", 10, "an IPv4 address")]
    [InlineData("ipv4(ttl=1)", 1, "'dst' is required")]
    [InlineData("ipv4(dst=10.0.0.2", 18, "missing ')'")]
    [InlineData("ipv4(dst=10.0.0.2) udp()", 20, "expected '/'")]
    [InlineData("tcp(flags=SX)", 11, "flags made of")]
    [InlineData("tcp(options=[mss=1, bogus])", 21, "unknown TCP option 'bogus'")]
    [InlineData("raw(zz)", 5, "hex bytes")]
    [InlineData("ipv4(dst=10.0.0.2) / 'unterminated", 22, "unterminated string")]
    [InlineData("", 1, "empty")]
    [InlineData("ipv4(dst=1.2.3.4, options=[nop=3])", 28, "option 'nop' takes no value")]
    [InlineData("ipv4(dst=1.2.3.4, options=[raw])", 28, "option 'raw' needs a value (raw=...)")]
    [InlineData("ipv4(dst=1.2.3.4, options=[raw=[01]])", 32, "needs hex bytes, not a list")]
    [InlineData("ipv4(dst=[1])", 10, "needs an IPv4 address, not a list")]
    [InlineData("tcp(options=[mss])", 14, "option 'mss' needs a value (mss=...)")]
    [InlineData("tcp(options=[sack-perm=1])", 14, "option 'sack-perm' takes no value")]
    [InlineData("tcp(options=[kind-5=[1]])", 21, "needs hex bytes, not a list")]
    [InlineData("ipv4(dst=1.2.3.4,ttl=1,ttl=2)", 24, "field 'ttl' is given twice")]
    [InlineData("ipv6(dst=::1, hlim=3, ttl=4)", 23, "give 'hlim' or 'ttl', not both")]
    [InlineData("icmp(rest=1, id=2)", 14, "give 'rest' or 'id', not both")]
    [InlineData("icmpv6(seq=2, rest=1)", 8, "give 'rest' or 'seq', not both")]
    [InlineData("hbh(ra=1, data=00)", 11, "give 'ra' or 'data', not both")]
    [InlineData("raw(01, data=02)", 14, "give the bytes once")]
    [InlineData("ipv4(dst=10.0.0.2) / raw(len=65516)", 1, "ipv4: 65516 bytes follow the header, more than the 65515")]
    [InlineData("ipv4(dst=10.0.0.2, options=[nop]) / raw(len=65512)", 1, "more than the 65511")]
    [InlineData("ipv6(dst=::1) / udp() / raw(len=65528)", 17, "udp: 65528 bytes follow the header, more than the 65527")]
    [InlineData("ipv6(dst=::1) / tcp() / raw(len=65516)", 1, "ipv6: 65536 bytes follow the header, more than the 65535")]
    [InlineData("ether() / ipv4(dst=10.0.0.2) / 'a' / raw(len=65535)", 11, "ipv4: 65536 bytes")]
    public void ErrorsNameTheProblemAndMarkTheColumn(string text, int column, string message)
    {
        var e = Assert.Throws<LayerExpressionException>(() => LayerExpression.Parse(text));
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
        Assert.Contains($"column {column}", e.Message);
    }

    [Fact]
    public void HexValuesReadTheSameInEveryField()
    {
        // raw(), options=[raw=...] and kind-N= all take the same hex spellings.
        byte[] p = LayerExpression.Parse("ipv4(dst=10.0.0.2, options=[raw=0x9404:0000]) / tcp(options=[kind-30=0x01:02]) / raw(0xab.cd)").Build(Defaults);
        Assert.Equal("94040000", Convert.ToHexStringLower(p.AsSpan(20, 4)));
        Assert.Equal("1e040102", Convert.ToHexStringLower(p.AsSpan(24 + 20, 4)));
        Assert.Equal("abcd", Convert.ToHexStringLower(p.AsSpan(p.Length - 2)));
    }

    [Fact]
    public void ExtensionHeaderLongerThanItsLengthFieldCanSayIsAnError()
    {
        // Hdr Ext Len counts 8-byte units after the first 8: 2048 bytes at most, so 2046 data bytes.
        Assert.Equal(2048, LayerExpression.Parse("ipv6(dst=::1) / dstopts(data=" + new string('0', 2 * 2046) + ")").Build(Defaults).Length - 40);
        var e = Assert.Throws<LayerExpressionException>(() => LayerExpression.Parse("ipv6(dst=::1) / dstopts(data=" + new string('0', 2 * 2047) + ")"));
        Assert.Equal(30, e.Column);
        Assert.Contains("at most 2048 bytes", e.Message);
    }

    [Fact]
    public void IpLayersSayWhichDefaultsTheyNeed()
    {
        var v6 = LayerExpression.Parse("ipv6(dst=fd92:2::2) / udp()");
        Assert.True(v6.NeedsIpv6Source);
        Assert.False(v6.NeedsIpv4Source);
        Assert.False(v6.NeedsSourceMac);
        Assert.Equal("fd92:2::2", v6.Ipv6?.Destination.ToString());
        Assert.Null(v6.Ipv4);

        var v4 = LayerExpression.Parse("ether(src=02:00:00:00:00:02) / ipv4(src=10.0.0.1, dst=10.0.0.2) / ipv6(src=::1, dst=::2)");
        Assert.False(v4.NeedsIpv4Source || v4.NeedsIpv6Source || v4.NeedsSourceMac);
        Assert.Equal("10.0.0.2", v4.Ipv4?.Destination.ToString());
        Assert.Equal(ExpressionLayerKind.Ethernet, v4.Outermost);
        Assert.Equal(3, v4.LayerCount);
    }

    [Theory]
    [InlineData("ipv4(dst=10.0.0.2) / raw(len=65515)", 65535)]
    [InlineData("ipv6(dst=::1) / udp() / raw(len=65527)", 65575)]
    [InlineData("ipv4(dst=10.0.0.2, len=20) / raw(len=65535) / raw(len=1)", 65556)]   // a length given is sent as given
    public void LengthFieldsThatCanCountTheirPacketBuild(string text, int length) =>
        Assert.Equal(length, LayerExpression.Parse(text).Build(Defaults).Length);
}
