using SockScope.Wire.Addresses;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Tests.Ethernet;

public class EthernetFrameTests
{
    // dst 00:11:22:33:44:55, src 66:77:88:99:aa:bb, IPv4, then two payload bytes.
    private static readonly byte[] Frame = Convert.FromHexString("001122334455" + "66778899aabb" + "0800" + "4500");

    [Fact]
    public void Deconstructs_addresses_type_and_payload()
    {
        Assert.True(EthernetFrame.TryCreate(Frame, out EthernetFrame f, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(MacAddress.Parse("00:11:22:33:44:55"), f.Destination);
        Assert.Equal(MacAddress.Parse("66:77:88:99:aa:bb"), f.Source);
        Assert.Equal(EtherType.Ipv4, f.EtherType);
        Assert.False(f.IsLengthField);
        Assert.Equal([0x45, 0x00], f.Payload.ToArray());
    }

    [Fact]
    public void Ieee8023_length_field_is_recognised()
    {
        byte[] llc = (byte[])Frame.Clone();
        llc[12] = 0x00; llc[13] = 0x26;
        Assert.True(EthernetFrame.TryCreate(llc, out EthernetFrame f, out _));
        Assert.True(f.IsLengthField);
    }

    [Fact]
    public void Short_frame_is_truncated()
    {
        Assert.False(EthernetFrame.TryCreate(Frame.AsSpan(0, 13), out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }

    [Fact]
    public void Vlan_tag_gives_priority_id_and_inner_type()
    {
        // PCP 5, DEI 1, VID 0x123, inner IPv6.
        byte[] tag = Convert.FromHexString("B123" + "86DD" + "60");
        Assert.True(VlanTag.TryCreate(tag, out VlanTag t, out _));
        Assert.Equal(5, t.Priority);
        Assert.True(t.DropEligible);
        Assert.Equal(0x123, t.VlanId);
        Assert.Equal(EtherType.Ipv6, t.EtherType);
        Assert.Equal(1, t.Payload.Length);
        Assert.True(VlanTag.IsTagType(EtherType.QinQ));
        Assert.False(VlanTag.IsTagType(EtherType.Ipv4));
        Assert.False(VlanTag.TryCreate(tag.AsSpan(0, 3), out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }
}
