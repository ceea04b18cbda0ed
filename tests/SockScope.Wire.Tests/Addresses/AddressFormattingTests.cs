using SockScope.Wire.Addresses;

namespace SockScope.Wire.Tests.Addresses;

public class AddressFormattingTests
{
    [Theory]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]   // first of two equal runs
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")] // a single zero word is not compressed
    [InlineData("::ffff:10.1.2.3", "::ffff:10.1.2.3")]
    [InlineData("::10.1.2.3", "::10.1.2.3")]
    [InlineData("ff02::1:ff00:1", "ff02::1:ff00:1")]
    [InlineData("1:0:0:0:0:0:0:0", "1::")]
    public void Ipv6_formats_like_inet_ntop(string input, string expected)
    {
        Assert.Equal(expected, Ipv6Address.Parse(input).ToString());
    }

    [Fact]
    public void Ipv6_round_trips_through_bytes()
    {
        var a = Ipv6Address.Parse("2001:db8::abcd:1");
        Span<byte> bytes = stackalloc byte[16];
        a.Write(bytes);
        Assert.Equal(a, Ipv6Address.Read(bytes));
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::abcd:1"), a.ToIPAddress());
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("1..3.4", false)]
    public void Ipv4_parses_strict_dotted_quads(string text, bool valid)
    {
        Assert.Equal(valid, Ipv4Address.TryParse(text, out Ipv4Address a));
        if (valid) Assert.Equal(text, a.ToString());
    }

    [Theory]
    [InlineData("00:1a:2B:3c:4d:5e", "00:1a:2b:3c:4d:5e")]
    [InlineData("0-1a-2b-3c-4d-5e", "00:1a:2b:3c:4d:5e")]
    [InlineData("001a.2b3c.4d5e", "00:1a:2b:3c:4d:5e")]
    public void Mac_parses_common_notations(string text, string expected)
    {
        Assert.True(MacAddress.TryParse(text, out MacAddress mac));
        Assert.Equal(expected, mac.ToString());
    }

    [Theory]
    [InlineData("00:1a:2b:3c:4d")]
    [InlineData("00:1a:2b:3c:4d:5e:6f")]
    [InlineData("zz:1a:2b:3c:4d:5e")]
    public void Mac_rejects_malformed_text(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Fact]
    public void Mac_flags_multicast_and_broadcast()
    {
        Assert.True(MacAddress.Parse("01:00:5e:00:00:01").IsMulticast);
        Assert.False(MacAddress.Parse("00:00:5e:00:00:01").IsMulticast);
        Assert.True(MacAddress.Broadcast.IsBroadcast);
    }

    [Fact]
    public void Ip_addresses_convert_at_the_api_edge()
    {
        Assert.Equal(System.Net.IPAddress.Parse("10.1.2.3"), Ipv4Address.Parse("10.1.2.3").ToIPAddress());
        Assert.Equal(Ipv4Address.Parse("10.1.2.3"), Ipv4Address.FromIPAddress(System.Net.IPAddress.Parse("10.1.2.3")));
        Assert.Equal(Ipv6Address.Parse("fe80::1"), Ipv6Address.FromIPAddress(System.Net.IPAddress.Parse("fe80::1")));
        Assert.Throws<ArgumentException>(() => Ipv4Address.FromIPAddress(System.Net.IPAddress.IPv6Loopback));
        Assert.Throws<ArgumentException>(() => Ipv6Address.FromIPAddress(System.Net.IPAddress.Loopback));
        Assert.Equal("'10.0.0.1' is not an IPv6 address", Assert.Throws<FormatException>(() => Ipv6Address.Parse("10.0.0.1")).Message);
        Assert.Equal("'::1' is not an IPv4 address", Assert.Throws<FormatException>(() => Ipv4Address.Parse("::1")).Message);
    }
}
