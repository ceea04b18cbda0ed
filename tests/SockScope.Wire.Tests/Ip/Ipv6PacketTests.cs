using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Ip;

public class Ipv6PacketTests
{
    private const string Fixed = "6" + "12" + "34567"; // version 6, class 0x12, flow 0x34567
    private static readonly string Addresses = "fd000000000000000000000000000001" + "fd000000000000000000000000000002";

    private static byte[] Packet(string nextHeader, string payload) =>
        Convert.FromHexString(Fixed + (payload.Length / 2).ToString("x4") + nextHeader + "40" + Addresses + payload);

    [Fact]
    public void Deconstructs_the_fixed_header()
    {
        Assert.True(Ipv6Packet.TryCreate(Packet("11", "0035003500080000"), out Ipv6Packet p, out _));
        Assert.Equal(6, p.Version);
        Assert.Equal(0x12, p.TrafficClass);
        Assert.Equal(0x34567, p.FlowLabel);
        Assert.Equal(8, p.PayloadLength);
        Assert.Equal(IpProtocol.Udp, p.NextHeader);
        Assert.Equal(64, p.HopLimit);
        Assert.Equal(Ipv6Address.Parse("fd00::1"), p.Source);
        Assert.Equal(Ipv6Address.Parse("fd00::2"), p.Destination);
        Assert.Equal(8, p.Payload.Length);
        Ipv6ExtensionWalker w = p.Extensions;
        Assert.False(w.MoveNext());
        Assert.Equal(IpProtocol.Udp, w.UpperProtocol);
        Assert.Equal(8, w.UpperPayload.Length);
    }

    [Fact]
    public void Walks_hop_by_hop_routing_fragment_and_destination_options()
    {
        string hbh = "2b" + "00" + "050200000100"; // next routing, router alert + PadN(0)
        string routing = "2c" + "02" + "00" + "01" + "00000000" + "fd000000000000000000000000000003"; // type 0, one address
        string fragment = "3c" + "00" + "0001" + "12345678"; // offset 0, M
        string dest = "06" + "00" + "0104" + "00000000"; // PadN 4
        string tcp = "0000000000000000000000005000000000000000";
        Assert.True(Ipv6Packet.TryCreate(Packet("00", hbh + routing + fragment + dest + tcp), out Ipv6Packet p, out _));
        Ipv6ExtensionWalker w = p.Extensions;
        var seen = new List<(IpProtocol, int, int)>();
        while (w.MoveNext())
        {
            Ipv6Extension x = w.Current;
            seen.Add((x.Type, w.Offset, x.Length));
            if (x.Type == IpProtocol.HopByHop)
            {
                Ipv6OptionEnumerator o = x.Options;
                Assert.True(o.MoveNext());
                Assert.Equal(Ipv6OptionEnumerator.RouterAlert, o.Current.Type);
                Assert.Equal([0, 0], o.Current.Data.ToArray());
                Assert.True(o.MoveNext());
                Assert.Equal(Ipv6OptionEnumerator.PadN, o.Current.Type);
                Assert.False(o.MoveNext());
                Assert.Equal(WireError.None, o.Error);
            }
            if (x.Type == IpProtocol.Routing)
            {
                Assert.Equal(0, x.RoutingType);
                Assert.Equal(1, x.SegmentsLeft);
                Assert.Equal(16, x.RoutingData.Length);
            }
            if (x.Type == IpProtocol.Fragment)
            {
                Assert.Equal(0, x.FragmentOffset);
                Assert.True(x.MoreFragments);
                Assert.Equal(0x12345678u, x.FragmentIdentification);
            }
        }
        Assert.Equal([(IpProtocol.HopByHop, 0, 8), (IpProtocol.Routing, 8, 24), (IpProtocol.Fragment, 32, 8), (IpProtocol.DestinationOptions, 40, 8)], seen);
        Assert.Equal(WireError.None, w.Error);
        Assert.Equal(IpProtocol.Tcp, w.UpperProtocol);
        Assert.Equal(20, w.UpperPayload.Length);
        Assert.False(w.IsLaterFragment);
    }

    [Fact]
    public void Later_fragment_stops_the_walk()
    {
        Assert.True(Ipv6Packet.TryCreate(Packet("2c", "11" + "00" + "05a8" + "00000001" + "abcdef"), out Ipv6Packet p, out _));
        Ipv6ExtensionWalker w = p.Extensions;
        Assert.True(w.MoveNext());
        Assert.Equal(1448, w.Current.FragmentOffset);
        Assert.False(w.Current.MoreFragments);
        Assert.False(w.MoveNext());
        Assert.True(w.IsLaterFragment);
        Assert.Equal(IpProtocol.Udp, w.UpperProtocol);
        Assert.Equal(3, w.UpperPayload.Length);
    }

    [Fact]
    public void Truncated_extension_is_reported()
    {
        Assert.True(Ipv6Packet.TryCreate(Packet("00", "3a01000000000000"), out Ipv6Packet p, out _));
        Ipv6ExtensionWalker w = p.Extensions;
        Assert.False(w.MoveNext());
        Assert.Equal(WireError.Truncated, w.Error);
    }

    [Fact]
    public void Extension_chain_is_bounded()
    {
        var payload = string.Concat(Enumerable.Repeat("3c00000000000000", 20));
        Assert.True(Ipv6Packet.TryCreate(Packet("3c", payload), out Ipv6Packet p, out _));
        Ipv6ExtensionWalker w = p.Extensions;
        int n = 0;
        while (w.MoveNext()) n++;
        Assert.Equal(Ipv6ExtensionWalker.MaxExtensions, n);
        Assert.Equal(WireError.Loop, w.Error);
    }

    [Fact]
    public void Truncated_option_is_reported()
    {
        var o = new Ipv6OptionEnumerator(Convert.FromHexString("00" + "0105aa"));
        Assert.True(o.MoveNext());
        Assert.Equal(Ipv6OptionEnumerator.Pad1, o.Current.Type);
        Assert.False(o.MoveNext());
        Assert.Equal(WireError.Truncated, o.Error);
    }

    [Theory]
    [InlineData("", WireError.Truncated)]
    [InlineData("45", WireError.BadVersion)]
    [InlineData("60000000000011", WireError.Truncated)]
    public void Malformed_headers_are_refused(string hex, WireError expected)
    {
        Assert.False(Ipv6Packet.TryCreate(Convert.FromHexString(hex), out _, out WireError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Payload_length_past_the_capture_clips()
    {
        byte[] b = Packet("11", "0035003500080000");
        b[5] = 100;
        Assert.True(Ipv6Packet.TryCreate(b, out Ipv6Packet p, out _));
        Assert.True(p.IsPayloadTruncated);
        Assert.Equal(8, p.Payload.Length);
    }
}
