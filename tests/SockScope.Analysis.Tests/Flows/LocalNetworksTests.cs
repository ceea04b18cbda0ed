using SockScope.Analysis.Flows;

namespace SockScope.Analysis.Tests.Flows;

/// <summary>Site::local_nets: prefix parsing (errors with their column) and membership for IPv4 and IPv6.</summary>
public sealed class LocalNetworksTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.77/24", "192.168.1.3", true)] // host bits are masked, as Zeek masks a subnet literal
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("192.168.1.7", "192.168.1.8", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "::1", false)] // IPv4 prefixes hold IPv4 addresses only
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("2001:db8:0:1::/64", "2001:db8:0:1:ffff::1", true)]
    [InlineData("2001:db8:0:1::/64", "2001:db8:0:2::1", false)]
    [InlineData("2001:db8::1:0/112", "2001:db8::1:abcd", true)]
    [InlineData("2001:db8::1:0/112", "2001:db8::2:0", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("10.0.0.0/8,fd00::/8", "fdff::1", true)]
    public void ContainsByPrefix(string prefixes, string address, bool expected) =>
        Assert.Equal(expected, LocalNetworks.Parse(prefixes).Contains(FlowAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.0/33", 9, "prefix length must be 0 to 32")]
    [InlineData("10.0.0.0/8,fd00::/129", 18, "prefix length must be 0 to 128")]
    [InlineData("10.0.0.0/8,zz", 11, "'zz' is not an IPv4 or IPv6 address")]
    [InlineData("10.0.0.0/8,", 11, "empty prefix")]
    [InlineData("10.0.0.0/x", 9, "prefix length must be 0 to 32")]
    [InlineData("10.0.0.0/-1", 9, "prefix length must be 0 to 32")]
    [InlineData("fe80::1%eth0/64", 0, "'fe80::1%eth0' is not an IPv4 or IPv6 address")]
    public void ABadPrefixIsRefusedWithItsColumn(string text, int column, string message)
    {
        var e = Assert.Throws<LocalNetworksFormatException>(() => LocalNetworks.Parse(text));
        Assert.Equal(column, e.Column);
        Assert.Equal(message, e.Message);
        Assert.Equal(text, e.Text);
    }

    [Fact]
    public void PrefixesAreShownNormalized() =>
        Assert.Equal(["192.168.1.0/24", "fd00::/8", "10.0.0.1/32"], LocalNetworks.Parse("192.168.1.77/24,fd12::/8,10.0.0.1").Prefixes);
}
