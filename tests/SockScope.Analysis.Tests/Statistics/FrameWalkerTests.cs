using SockScope.Analysis.Statistics;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using static SockScope.Analysis.Tests.Export.ExportFrames;

namespace SockScope.Analysis.Tests.Statistics;

public sealed class FrameWalkerTests
{
    /// <summary>The IPv6 view of a raw IP frame and whether the conversation taps see it.</summary>
    private static bool Ipv6Tapped(byte[] frame)
    {
        PacketDecoder.Decode(LinkType.Raw, frame, out DecodedPacket decoded);
        var walker = new FrameWalker(frame, decoded, new FragmentPorts(), ViewKind.Ipv6);
        Assert.True(walker.MoveNext());
        Assert.Equal(ViewKind.Ipv6, walker.Current.Kind);
        return walker.Current.Tapped;
    }

    private static byte[] ZeroPayloadLength(byte[] frame)
    {
        frame[4] = 0;
        frame[5] = 0;
        return frame;
    }

    [Fact]
    public void A_well_formed_ipv6_header_is_tapped()
    {
        Assert.True(Ipv6Tapped(Ipv6(17, "fd00::1", "fd00::2", Udp(1000, 53))));
    }

    [Fact]
    public void A_jumbogram_is_tapped_and_a_zero_length_without_the_jumbo_option_is_not()
    {
        // tshark reads a payload length of 0 behind a hop-by-hop header as a jumbogram; without the
        // jumbo payload option it throws ("Jumbo Payload option missing") before tapping IPv6.
        byte[] udp = Udp(1000, 53);
        byte[] jumbo = [17, 0, 0xC2, 4, 0, 0, 0, (byte)(8 + udp.Length), .. udp];
        Assert.True(Ipv6Tapped(ZeroPayloadLength(Ipv6(0, "fd00::1", "fd00::2", jumbo))));
        byte[] padding = [17, 0, 1, 4, 0, 0, 0, 0, .. udp];
        Assert.False(Ipv6Tapped(ZeroPayloadLength(Ipv6(0, "fd00::1", "fd00::2", padding))));
    }

    [Fact]
    public void A_zero_length_without_extension_headers_is_tapped_as_tshark_presumes_tso()
    {
        Assert.True(Ipv6Tapped(ZeroPayloadLength(Ipv6(6, "fd00::1", "fd00::2", Tcp(1, 2, 0x10)))));
    }

    [Fact]
    public void An_extension_header_cut_short_stops_the_tap()
    {
        // A routing header claiming 3 units (32 bytes) with 8 captured: tshark's exception comes first.
        byte[] routing = [17, 3, 0, 0, 0, 0, 0, 0];
        Assert.False(Ipv6Tapped(Ipv6(43, "fd00::1", "fd00::2", routing)));
    }

    [Theory]
    [InlineData(0, 1, "fd00::9")]   // type 0 with segments left: its last address
    [InlineData(4, 1, "fd00::8")]   // segment routing: segment list [0]
    [InlineData(0, 0, "fd00::2")]   // no segment left: the header's destination
    public void Udp_is_keyed_on_the_routing_headers_final_destination_as_tshark_keys_it(byte type, byte segmentsLeft, string expected)
    {
        byte[] first = System.Net.IPAddress.Parse(type == 4 ? "fd00::8" : "fd00::7").GetAddressBytes();
        byte[] last = System.Net.IPAddress.Parse(type == 4 ? "fd00::7" : "fd00::9").GetAddressBytes();
        byte[] routing = [17, 4, type, segmentsLeft, 0, 0, 0, 0, .. first, .. last, .. Udp(1000, 53)];
        byte[] frame = Ipv6(43, "fd00::1", "fd00::2", routing);
        PacketDecoder.Decode(LinkType.Raw, frame, out DecodedPacket decoded);
        var walker = new FrameWalker(frame, decoded, new FragmentPorts(), ViewKind.Udp);
        Assert.True(walker.MoveNext());
        Assert.Equal(StatAddress.From(Wire.Addresses.Ipv6Address.Parse(expected)), walker.Current.Pair.Destination);
        Assert.Equal((ushort)53, walker.Current.Pair.DestinationPort);
    }
}
