using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Tests.Arp;

public class ArpPacketTests
{
    // who-has 10.0.0.2 tell 10.0.0.1, from 00:11:22:33:44:55.
    private static readonly byte[] Request = Convert.FromHexString(
        "0001" + "0800" + "06" + "04" + "0001" + "001122334455" + "0a000001" + "000000000000" + "0a000002");

    [Fact]
    public void Deconstructs_an_ethernet_ipv4_request()
    {
        Assert.True(ArpPacket.TryCreate(Request, out ArpPacket p, out _));
        Assert.Equal(1, p.HardwareType);
        Assert.Equal(EtherType.Ipv4, p.ProtocolType);
        Assert.True(p.IsEthernetIpv4);
        Assert.Equal(ArpOperation.Request, p.Operation);
        Assert.Equal(MacAddress.Parse("00:11:22:33:44:55"), p.SenderMac);
        Assert.Equal(Ipv4Address.Parse("10.0.0.1"), p.SenderIpv4);
        Assert.Equal(MacAddress.Zero, p.TargetMac);
        Assert.Equal(Ipv4Address.Parse("10.0.0.2"), p.TargetIpv4);
        Assert.Equal(28, p.Length);
    }

    [Fact]
    public void Trailing_padding_is_not_part_of_the_packet()
    {
        byte[] padded = [.. Request, 0, 0, 0, 0];
        Assert.True(ArpPacket.TryCreate(padded, out ArpPacket p, out _));
        Assert.Equal(28, p.Length);
    }

    [Fact]
    public void Odd_address_sizes_are_sliced_by_their_lengths()
    {
        byte[] b = Convert.FromHexString("0006" + "0800" + "02" + "04" + "0002" + "aabb" + "01020304" + "ccdd" + "05060708");
        Assert.True(ArpPacket.TryCreate(b, out ArpPacket p, out _));
        Assert.False(p.IsEthernetIpv4);
        Assert.Equal([0xcc, 0xdd], p.TargetHardwareAddress.ToArray());
        Assert.Equal([5, 6, 7, 8], p.TargetProtocolAddress.ToArray());
        Assert.Equal(default, p.SenderMac);
    }

    [Fact]
    public void Cut_addresses_are_truncated()
    {
        Assert.False(ArpPacket.TryCreate(Request.AsSpan(0, 27), out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
        Assert.False(ArpPacket.TryCreate(Request.AsSpan(0, 7), out _, out error));
        Assert.Equal(WireError.Truncated, error);
    }
}
