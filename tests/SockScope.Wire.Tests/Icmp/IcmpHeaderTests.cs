using SockScope.Wire.Icmp;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>The 8-byte header values of ICMPv4 and ICMPv6, which share their byte layout: emit and parse.</summary>
public sealed class IcmpHeaderTests
{
    [Fact]
    public void EmitsAndParsesAnIcmpEchoRequest()
    {
        IcmpHeader header = IcmpHeader.EchoRequest(0x1234, 0x0102) with { Checksum = 0xBEEF };
        byte[] bytes = new byte[IcmpHeader.Size];
        Assert.True(header.TryWrite(bytes, out int written));
        Assert.Equal(8, written);
        Assert.Equal("0800BEEF12340102", Convert.ToHexString(bytes));
        Assert.True(IcmpHeader.TryParse(bytes, out IcmpHeader parsed));
        Assert.Equal(header, parsed);
        Assert.Equal((ushort)0x1234, parsed.Identifier);
        Assert.Equal((ushort)0x0102, parsed.SequenceNumber);
    }

    [Fact]
    public void EmitsAndParsesAnIcmpv6EchoReplyWithTheChecksumLeftToTheBuilder()
    {
        Icmpv6Header header = Icmpv6Header.EchoReply(7, 9);
        byte[] bytes = new byte[12];
        Assert.True(header.TryWrite(bytes, out int written));
        Assert.Equal(8, written);
        Assert.Equal("810000000007000900000000", Convert.ToHexString(bytes));
        Assert.True(Icmpv6Header.TryParse(bytes, out Icmpv6Header parsed));
        Assert.Equal(new Icmpv6Header(129, 0, 0x00070009) { Checksum = 0 }, parsed);
    }

    [Fact]
    public void RefusesShortBuffers()
    {
        byte[] seven = new byte[7];
        Assert.False(new IcmpHeader(3, 1).TryWrite(seven, out int written));
        Assert.Equal(0, written);
        Assert.Equal(new byte[7], seven);
        Assert.False(IcmpHeader.TryParse(seven, out IcmpHeader v4));
        Assert.Equal(default, v4);
        Assert.False(Icmpv6Header.TryParse(seven, out Icmpv6Header v6));
        Assert.Equal(default, v6);
    }
}
