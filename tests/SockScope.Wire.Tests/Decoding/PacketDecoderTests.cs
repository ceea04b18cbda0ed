using SockScope.TestSupport;
using SockScope.Wire.Decoding;

namespace SockScope.Wire.Tests.Decoding;

public class PacketDecoderTests
{
    private const string Mac = "020000000002" + "020000000001";
    private const string Udp4 = "4500001d00000000401100000a5a00010a5a0002" + "d4310035000900000a";
    private const string Tcp6 = "6000000000140640" + "fd900000000000000000000000000001" + "fd900000000000000000000000000002"
        + "9c40005000000001000000005002faf000000000";

    private static DecodedPacket Decode(LinkType link, string hex)
    {
        PacketDecoder.Decode(link, Convert.FromHexString(hex), out DecodedPacket packet);
        return packet;
    }

    private static List<(LayerKind, int, int)> Layers(in DecodedPacket p)
    {
        var list = new List<(LayerKind, int, int)>();
        for (int i = 0; i < p.Count; i++) list.Add((p[i].Kind, p[i].Offset, p[i].HeaderLength));
        return list;
    }

    [Fact]
    public void Ethernet_ipv4_udp_with_payload()
    {
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "0800" + Udp4);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Ipv4, 14, 20), (LayerKind.Udp, 34, 8), (LayerKind.Payload, 42, 1)], Layers(p));
        Assert.Equal(WireError.None, p.StopError);
        Assert.Equal(LayerKind.Payload, p.Innermost.Kind);
    }

    [Fact]
    public void Legacy_9200_tag_is_a_vlan_tag_as_the_printer_reads_it()
    {
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "9200" + "0007" + "0800" + Udp4);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Vlan, 14, 4), (LayerKind.Ipv4, 18, 20), (LayerKind.Udp, 38, 8), (LayerKind.Payload, 46, 1)], Layers(p));
    }

    [Fact]
    public void Gre_with_key_and_sequence_is_followed_into_the_carried_ipv4()
    {
        // IPv4 (proto 47, total 20 + 12 + 29), GRE flags K|S, protocol 0x0800, key, sequence, then the UDP packet.
        string gre = "30000800" + "0000002a" + "00000007";
        string outer = "4500003d00000000402f00000a5a00010a5a0002";
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "0800" + outer + gre + Udp4);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Ipv4, 14, 20), (LayerKind.Gre, 34, 12), (LayerKind.Ipv4, 46, 20), (LayerKind.Udp, 66, 8), (LayerKind.Payload, 74, 1)], Layers(p));
    }

    [Fact]
    public void Gre_cut_short_stops_in_gre()
    {
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "0800" + "4500001e00000000402f00000a5a00010a5a0002" + "3000080000");
        Assert.Equal(LayerKind.Gre, p.StopLayer);
        Assert.Equal(WireError.Truncated, p.StopError);
    }

    [Fact]
    public void Ipv4_authentication_header_is_followed_to_udp()
    {
        // AH: next header 17, payload length 4 (= 24 bytes), reserved, SPI, sequence, 12 bytes of ICV.
        string ah = "1104" + "0000" + "00000100" + "00000001" + "000000000000000000000000";
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "0800" + "4500003500000000403300000a5a00010a5a0002" + ah + "d4310035000900000a");
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Ipv4, 14, 20), (LayerKind.Authentication, 34, 24), (LayerKind.Udp, 58, 8), (LayerKind.Payload, 66, 1)], Layers(p));
    }

    [Fact]
    public void Decoder_and_printer_follow_the_same_number_of_ip_headers() =>
        Assert.Equal(PacketDecoder.MaxIpHeaders, PacketDecoder.MaxTunnelDepth + 1);

    [Fact]
    public void Vlan_stack_is_walked()
    {
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "88a8" + "0005" + "8100" + "0064" + "86dd" + Tcp6);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Vlan, 14, 4), (LayerKind.Vlan, 18, 4), (LayerKind.Ipv6, 22, 40), (LayerKind.Tcp, 62, 20)], Layers(p));
    }

    [Fact]
    public void Ipv6_extension_chain_and_tunnel()
    {
        // IPv6 (HBH -> DSTOPTS -> IPv4-in-IPv6) carrying UDP.
        string inner = Udp4;
        string ext = "3c00" + "010400000000" + "0400" + "010400000000";
        string ipv6 = "60000000" + ((ext.Length + inner.Length) / 2).ToString("x4") + "00" + "40"
            + "fd900000000000000000000000000001" + "fd900000000000000000000000000002";
        DecodedPacket p = Decode(LinkType.Raw, ipv6 + ext + inner);
        Assert.Equal([(LayerKind.Ipv6, 0, 40), (LayerKind.Ipv6HopByHop, 40, 8), (LayerKind.Ipv6DestinationOptions, 48, 8),
            (LayerKind.Ipv4, 56, 20), (LayerKind.Udp, 76, 8), (LayerKind.Payload, 84, 1)], Layers(p));
        Assert.True(p.TryFind(LayerKind.Ipv4, out Layer v4));
        Assert.Equal(56, v4.Offset);
    }

    [Fact]
    public void Truncated_tcp_reports_where_and_why()
    {
        DecodedPacket p = Decode(LinkType.Ipv6, Tcp6[..^8]);
        Assert.Equal([(LayerKind.Ipv6, 0, 40)], Layers(p));
        Assert.Equal(WireError.Truncated, p.StopError);
        Assert.Equal(LayerKind.Tcp, p.StopLayer);
        Assert.Equal(40, p.StopOffset);
    }

    [Fact]
    public void Bad_ipv4_header_length_stops_at_ip()
    {
        DecodedPacket p = Decode(LinkType.Ethernet, Mac + "0800" + "44" + Udp4[2..]);
        Assert.Equal(WireError.BadHeaderLength, p.StopError);
        Assert.Equal(LayerKind.Ipv4, p.StopLayer);
        Assert.Equal(14, p.StopOffset);
    }

    [Fact]
    public void Later_fragment_is_payload()
    {
        string fragment = "4500001d0000" + "00b9" + "401100000a5a00010a5a0002" + "d4310035000900000a";
        DecodedPacket p = Decode(LinkType.Ipv4, fragment);
        Assert.Equal([(LayerKind.Ipv4, 0, 20), (LayerKind.Payload, 20, 9)], Layers(p));
    }

    [Fact]
    public void Ip_layer_index_is_the_innermost_ip_header()
    {
        Assert.Equal(1, Decode(LinkType.Ethernet, Mac + "0800" + Udp4).IpLayerIndex);
        Assert.Equal(2, Decode(LinkType.Ethernet, Mac + "8100" + "0007" + "0800" + Udp4).IpLayerIndex);
        // IPv4 in IPv6 behind two extension headers: the IPv4 header, not the outer IPv6 one.
        string ext = "3c00" + "010400000000" + "0400" + "010400000000";
        string ipv6 = "60000000" + ((ext.Length + Udp4.Length) / 2).ToString("x4") + "00" + "40"
            + "fd900000000000000000000000000001" + "fd900000000000000000000000000002";
        Assert.Equal(3, Decode(LinkType.Raw, ipv6 + ext + Udp4).IpLayerIndex);
        Assert.Equal(-1, Decode(LinkType.Ethernet, Mac + "0806" + "0001080006040001" + Mac + "0a5a0001" + Mac + "0a5a0002").IpLayerIndex);
        Assert.Equal(-1, default(DecodedPacket).IpLayerIndex);
    }

    [Fact]
    public void Fragment_layer_index_is_the_outermost_fragmented_ip_header()
    {
        // Not a fragment; DF alone is not one either.
        Assert.Equal(-1, Decode(LinkType.Ipv4, Udp4).FragmentLayerIndex);
        Assert.Equal(-1, Decode(LinkType.Ipv4, "4500001d0000" + "4000" + Udp4[16..]).FragmentLayerIndex);
        // First fragment (MF, offset 0) and a later one (offset 0xb9).
        Assert.Equal(0, Decode(LinkType.Ipv4, "4500001d0000" + "2000" + Udp4[16..]).FragmentLayerIndex);
        Assert.Equal(1, Decode(LinkType.Ethernet, Mac + "0800" + "4500001d0000" + "00b9" + Udp4[16..]).FragmentLayerIndex);
        // IPv6 with a fragment header (M set): the IPv6 header it belongs to.
        string fragmentHeader = "11000001" + "0000002a";
        string ipv6 = "60000000" + ((fragmentHeader.Length + 16) / 2).ToString("x4") + "2c" + "40"
            + "fd900000000000000000000000000001" + "fd900000000000000000000000000002";
        DecodedPacket v6 = Decode(LinkType.Ethernet, Mac + "86dd" + ipv6 + fragmentHeader + "d431003500080000");
        Assert.Equal(LayerKind.Ipv6Fragment, v6[2].Kind);
        Assert.Equal(1, v6.FragmentLayerIndex);
        // A fragmented outer IPv4 carrying an unfragmented IPv4: the outer one.
        Assert.Equal(0, Decode(LinkType.Ipv4, "45000031000020004004" + "00000a5a00010a5a0002" + Udp4).FragmentLayerIndex);
    }

    [Fact]
    public void Ipv6_in_an_ipv4_slot_stops_unless_asked_to_read_it_as_wireshark_does()
    {
        byte[] frame = Convert.FromHexString(Mac + "0800" + Tcp6);
        PacketDecoder.Decode(LinkType.Ethernet, frame, out DecodedPacket strict);
        Assert.Equal((LayerKind.Ipv4, WireError.BadVersion, 14), (strict.StopLayer, strict.StopError, strict.StopOffset));
        Assert.Equal(-1, strict.IpLayerIndex);

        var lenient = new DecodedPacket { DecodeIpv6UnderIpv4Type = true };
        PacketDecoder.DecodeInto(LinkType.Ethernet, frame, ref lenient);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Ipv6, 14, 40), (LayerKind.Tcp, 54, 20)], Layers(lenient));
        Assert.Equal(WireError.None, lenient.StopError);
        Assert.Equal(1, lenient.IpLayerIndex);
        // The setting stays for the next decode into the same instance; a version 5 header still stops.
        PacketDecoder.DecodeInto(LinkType.Ipv4, Convert.FromHexString("5" + Tcp6[1..]), ref lenient);
        Assert.Equal(WireError.BadVersion, lenient.StopError);
        Assert.True(lenient.DecodeIpv6UnderIpv4Type);
    }

    [Fact]
    public void Arp_and_cooked_and_loopback()
    {
        DecodedPacket arp = Decode(LinkType.Ethernet, Mac + "0806" + "0001080006040001" + "0200000000010a5a0001" + "0000000000000a5a0002");
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Arp, 14, 28)], Layers(arp));
        DecodedPacket sll = Decode(LinkType.LinuxSll, "0000000100060200000000010000" + "0800" + Udp4);
        Assert.Equal(LayerKind.Sll, sll[0].Kind);
        Assert.Equal(LayerKind.Udp, sll[2].Kind);
        DecodedPacket loop = Decode(LinkType.Null, "02000000" + Udp4);
        Assert.Equal([(LayerKind.NullLoopback, 0, 4), (LayerKind.Ipv4, 4, 20), (LayerKind.Udp, 24, 8), (LayerKind.Payload, 32, 1)], Layers(loop));
    }

    [Fact]
    public void Tunnels_are_bounded()
    {
        // IPv4-in-IPv4 nested ten times: the decoder stops with Loop instead of recursing on.
        string ip = Udp4;
        for (int i = 0; i < 10; i++)
            ip = "4500" + (20 + ip.Length / 2).ToString("x4") + "00000000400400000a5a00010a5a0002" + ip;
        DecodedPacket p = Decode(LinkType.Raw, ip);
        Assert.Equal(WireError.Loop, p.StopError);
        Assert.True(p.Count <= DecodedPacket.MaxLayers);
    }

    [Fact]
    public void Unknown_link_type_is_unsupported()
    {
        DecodedPacket p = Decode((LinkType)147, "00");
        Assert.Equal(0, p.Count);
        Assert.Equal(WireError.Unsupported, p.StopError);
    }

    [Fact]
    public void Decoding_allocates_nothing()
    {
        byte[] frame = Convert.FromHexString(Mac + "8100" + "0064" + "86dd" + Tcp6);
        var packet = new DecodedPacket();
        PacketDecoder.DecodeInto(LinkType.Ethernet, frame, ref packet);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 1000; i++) PacketDecoder.DecodeInto(LinkType.Ethernet, frame, ref packet);
        }));
        Assert.Equal(LayerKind.Tcp, packet.Innermost.Kind);
    }
}
