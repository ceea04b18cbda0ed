using SockScope.Analysis.Statistics;
using SockScope.Wire.Addresses;

namespace SockScope.Analysis.Tests.Statistics;

public class MacNameResolverTests
{
    private static MacNameResolver Resolver()
    {
        var r = new MacNameResolver();
        r.ReadLines(["00:11:22\tCIMSYS\tCIMSYS Inc", "70:B3:D5:00:00:00/36\tSmall\tA small block", "# comment", "garbage"], manufacturerFile: true);
        r.ReadLines(["33-33-00-00-00-00/16\tIPv6mcast", "01-00-5E/25\t\tIPv4mcast", "FF-FF-FF-FF-FF-FF\tBroadcast"], manufacturerFile: false);
        return r;
    }

    [Theory]
    [InlineData("00:11:22:33:44:55", "CIMSYS_33:44:55")]
    [InlineData("ff:ff:ff:ff:ff:ff", "Broadcast")]
    // tshark finds range entries by masked address alone: 33:33:00:00:00:16 masked to 40 bits is the /16 key.
    [InlineData("33:33:00:00:00:16", "IPv6mcast_16")]
    [InlineData("33:33:ff:00:00:01", "IPv6mcast_ff:00:00:01")]
    [InlineData("01:00:5e:00:00:fb", "IPv4mcast_fb")]
    [InlineData("01:00:5e:7f:ff:fa", "IPv4mcast_7f:ff:fa")]
    [InlineData("70:b3:d5:00:01:23", "Small_01:23")]
    [InlineData("02:5a:00:01:00:02", "02:5a:00:01:00:02")]
    // A group address takes its manufacturer with the multicast bit cleared, not the locally administered one (checked against tshark 4.0).
    [InlineData("01:11:22:33:44:55", "CIMSYS_33:44:55")]
    [InlineData("03:11:22:33:44:55", "03:11:22:33:44:55")]
    public void NamesAsTsharkDoes(string mac, string expected) =>
        Assert.Equal(expected, Resolver().Resolve(MacAddress.Parse(mac)));

    [Fact]
    public void MissingFilesLeavePlainAddresses()
    {
        MacNameResolver r = MacNameResolver.Load(Path.Combine(Path.GetTempPath(), "no-such-wireshark-dir"));
        Assert.False(r.HasNames);
        Assert.Equal("00:11:22:33:44:55", r.Resolve(MacAddress.Parse("00:11:22:33:44:55")));
    }
}
