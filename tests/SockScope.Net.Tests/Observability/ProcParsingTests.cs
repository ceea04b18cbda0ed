using System.Net;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;

namespace SockScope.Net.Tests.Observability;

public class ProcParsingTests
{
    [Theory]
    [InlineData("socket:[12345]", true, 12345u)]
    [InlineData("socket:[1]", true, 1u)]
    [InlineData("pipe:[12345]", false, 0u)]
    [InlineData("socket:[12a]", false, 0u)]
    [InlineData("socket:[]", false, 0u)]
    [InlineData("/dev/null", false, 0u)]
    public void RecognisesSocketLinks(string link, bool ok, uint inode)
    {
        Assert.Equal(ok, SocketOwners.TryParseSocketLink(System.Text.Encoding.ASCII.GetBytes(link), out uint parsed));
        Assert.Equal(inode, parsed);
    }

    [Fact]
    public void ReadsProcNetRawLines()
    {
        Assert.True(ProcNetRawReader.TryParse(
            "   1: 0100007F:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 123791 2 0000000000000000 0", out InetSocketInfo? v4));
        Assert.Equal(IPAddress.Loopback, v4!.LocalAddress);
        Assert.Equal(1, v4.Protocol);
        Assert.Equal(SocketState.Close, v4.State);
        Assert.Equal(123791u, v4.Inode);
        Assert.True(ProcNetRawReader.TryParse(
            "  58: 00000000000000000000000001000000:003A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 123792 2 0000000000000000 0", out InetSocketInfo? v6));
        Assert.Equal(IPAddress.IPv6Loopback, v6!.LocalAddress);
        Assert.Equal(58, v6.Protocol);
        Assert.Equal(1000u, v6.Uid);
        Assert.False(ProcNetRawReader.TryParse("  sl  local_address rem_address   st", out _));
    }
}
