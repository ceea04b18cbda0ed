using SockScope.Wire.Ethernet;
using SockScope.Wire.Link;

namespace SockScope.Wire.Tests.Link;

public class CookedAndLoopbackTests
{
    [Fact]
    public void Sll_v1_fields()
    {
        byte[] b = Convert.FromHexString("0004" + "0001" + "0006" + "0011223344550000" + "0800" + "45");
        Assert.True(SllFrame.TryCreate(b, out SllFrame f, out _));
        Assert.Equal(SllPacketType.Outgoing, f.PacketType);
        Assert.Equal(1, f.ArphrdType);
        Assert.Equal(6, f.AddressLength);
        Assert.Equal(Convert.FromHexString("001122334455"), f.Address.ToArray());
        Assert.Equal(EtherType.Ipv4, f.Protocol);
        Assert.Equal([0x45], f.Payload.ToArray());
        Assert.False(SllFrame.TryCreate(b.AsSpan(0, 15), out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }

    [Fact]
    public void Sll_address_length_beyond_eight_is_clipped()
    {
        byte[] b = Convert.FromHexString("0000" + "0001" + "0010" + "0011223344556677" + "86dd");
        Assert.True(SllFrame.TryCreate(b, out SllFrame f, out _));
        Assert.Equal(16, f.AddressLength);
        Assert.Equal(8, f.Address.Length);
    }

    [Fact]
    public void Sll_v2_fields()
    {
        byte[] b = Convert.FromHexString("86dd" + "0000" + "00000003" + "0001" + "00" + "06" + "0011223344550000" + "60");
        Assert.True(Sll2Frame.TryCreate(b, out Sll2Frame f, out _));
        Assert.Equal(EtherType.Ipv6, f.Protocol);
        Assert.Equal(3u, f.InterfaceIndex);
        Assert.Equal(1, f.ArphrdType);
        Assert.Equal(SllPacketType.Host, f.PacketType);
        Assert.Equal(6, f.Address.Length);
        Assert.Equal([0x60], f.Payload.ToArray());
        Assert.False(Sll2Frame.TryCreate(b.AsSpan(0, 19), out _, out _));
    }

    [Theory]
    [InlineData("02000000", false, 2u)]   // little-endian writer
    [InlineData("00000002", false, 2u)]   // big-endian writer, swapped back
    [InlineData("1e000000", false, 30u)]  // Darwin AF_INET6
    [InlineData("00000018", true, 24u)]   // LOOP, network order
    public void Null_family_in_either_byte_order(string hex, bool loop, uint family)
    {
        Assert.True(NullLoopbackFrame.TryCreate(Convert.FromHexString(hex + "45"), loop, out NullLoopbackFrame f, out _));
        Assert.Equal(family, f.Family);
        Assert.Equal(family == 2, f.IsIpv4);
        Assert.Equal(family != 2, f.IsIpv6);
        Assert.Equal(1, f.Payload.Length);
    }

    [Fact]
    public void Null_short_is_truncated()
    {
        Assert.False(NullLoopbackFrame.TryCreate([2, 0, 0], false, out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }
}
