using SockScope.Wire;

namespace SockScope.Cli.Tests;

public class PacketFilterAdapterTests
{
    [Fact]
    public void EmptyExpressionMeansNoFilter() => Assert.Null(PacketFilterAdapter.Compile("  ", LinkType.Ethernet, 262144));

    [Fact]
    public void SyntaxErrorIsUsageWithACaret()
    {
        UsageException e = Assert.Throws<UsageException>(() => PacketFilterAdapter.Compile("tcp port", LinkType.Ethernet, 262144));
        Assert.Contains("tcp port", e.Message);
        Assert.Contains("^", e.Message);
    }

    [Fact]
    public void MatchesOnTheEtherType()
    {
        IPacketFilter filter = PacketFilterAdapter.Compile("arp", LinkType.Ethernet, 262144)!;
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[13] = 0x06;
        Assert.True(filter.Matches(frame, 60));
        frame[13] = 0x00;
        Assert.False(filter.Matches(frame, 60));
    }
}
