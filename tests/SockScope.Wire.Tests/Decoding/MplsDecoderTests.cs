using SockScope.Wire.Decoding;
using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Decoding;

/// <summary>MPLS label stacks (RFC 3032) in the decoder and the JSON writer: hand-made frames.</summary>
public class MplsDecoderTests
{
    private const string Mac = "020000000002020000000001";
    // IPv4/UDP 192.168.0.1.1234 > 192.168.0.2.5678, no payload (28 bytes).
    private const string Udp4 = "4500001c0001000040110000c0a80001c0a8000204d2162e00080000";
    // IPv6/ICMPv6 echo request 2001:db8::1 > 2001:db8::2 (48 bytes).
    private const string Icmp6 = "6000000000083a40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "8000000000010001";
    // Label stack entries: label, tc, S, ttl.
    private const string Label100 = "00064040";          // 100, 0, -, 64
    private const string Label100Bottom = "00064140";    // 100, 0, S, 64
    private const string Ipv6NullBottom = "00002340";    // 2 (IPv6 explicit null), 1, S, 64

    private static List<(LayerKind, int, int)> Decode(string hex, out DecodedPacket p)
    {
        PacketDecoder.Decode(LinkType.Ethernet, Convert.FromHexString(hex), out p);
        var list = new List<(LayerKind, int, int)>();
        for (int i = 0; i < p.Count; i++) list.Add((p[i].Kind, p[i].Offset, p[i].HeaderLength));
        return list;
    }

    [Fact]
    public void Stack_of_one_then_ipv4_by_its_version_nibble()
    {
        var layers = Decode(Mac + "8847" + Label100Bottom + Udp4, out DecodedPacket p);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4), (LayerKind.Ipv4, 18, 20), (LayerKind.Udp, 38, 8)], layers);
        Assert.Equal(WireError.None, p.StopError);
    }

    [Fact]
    public void Stack_of_two_is_a_layer_per_entry()
    {
        var layers = Decode(Mac + "8848" + Label100 + Label100Bottom + Udp4, out DecodedPacket p);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4), (LayerKind.Mpls, 18, 4), (LayerKind.Ipv4, 22, 20), (LayerKind.Udp, 42, 8)], layers);
        Assert.Equal(WireError.None, p.StopError);
    }

    [Fact]
    public void Ipv6_explicit_null_names_ipv6()
    {
        var layers = Decode(Mac + "8847" + Ipv6NullBottom + Icmp6, out _);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4), (LayerKind.Ipv6, 18, 40), (LayerKind.Icmpv6, 58, 8)], layers);
    }

    [Fact]
    public void Ipv4_explicit_null_is_ipv4_whatever_the_first_nibble()
    {
        // Label 0 says IPv4; the 6 nibble is then a bad IPv4 version, not an IPv6 header.
        Decode(Mac + "8847" + "00000140" + Icmp6, out DecodedPacket p);
        Assert.Equal(LayerKind.Ipv4, p.StopLayer);
        Assert.Equal(WireError.BadVersion, p.StopError);
    }

    [Fact]
    public void Truncated_entry_stops_in_mpls()
    {
        var layers = Decode(Mac + "8847" + Label100 + "0000", out DecodedPacket p);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4)], layers);
        Assert.Equal((LayerKind.Mpls, WireError.Truncated, 18), (p.StopLayer, p.StopError, p.StopOffset));
    }

    [Fact]
    public void No_bottom_of_stack_within_the_capture_stops_truncated()
    {
        var layers = Decode(Mac + "8847" + Label100 + Label100 + Label100, out DecodedPacket p);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4), (LayerKind.Mpls, 18, 4), (LayerKind.Mpls, 22, 4)], layers);
        Assert.Equal((LayerKind.Mpls, WireError.Truncated, 26), (p.StopLayer, p.StopError, p.StopOffset));
    }

    [Fact]
    public void Stack_deeper_than_the_cap_stops_as_a_loop()
    {
        string deepest = string.Concat(Enumerable.Repeat(Label100, PacketDecoder.MaxMplsLabels - 1));
        int below = 14 + 4 * PacketDecoder.MaxMplsLabels;
        var layers = Decode(Mac + "8847" + deepest + Label100Bottom + Udp4, out DecodedPacket p);
        Assert.Equal(PacketDecoder.MaxMplsLabels, layers.Count(l => l.Item1 == LayerKind.Mpls));
        Assert.Equal([(LayerKind.Ipv4, below, 20), (LayerKind.Udp, below + 20, 8)], layers[^2..]);
        Assert.Equal(WireError.None, p.StopError);

        layers = Decode(Mac + "8847" + deepest + Label100 + Label100Bottom + Udp4, out p);
        Assert.Equal(PacketDecoder.MaxMplsLabels, layers.Count(l => l.Item1 == LayerKind.Mpls));
        Assert.Equal((LayerKind.Mpls, WireError.Loop, below), (p.StopLayer, p.StopError, p.StopOffset));
    }

    [Fact]
    public void Non_ip_below_the_stack_is_payload_and_nothing_below_is_the_end()
    {
        var layers = Decode(Mac + "8847" + Label100Bottom + "00000000ab", out DecodedPacket p);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4), (LayerKind.Payload, 18, 5)], layers);
        layers = Decode(Mac + "8847" + Label100Bottom, out p);
        Assert.Equal([(LayerKind.Ethernet, 0, 14), (LayerKind.Mpls, 14, 4)], layers);
        Assert.Equal(WireError.None, p.StopError);
    }

    [Fact]
    public void Json_lists_every_entry()
    {
        byte[] frame = Convert.FromHexString(Mac + "8847" + Label100 + "03e861ff" + Udp4);
        using var output = new Utf8Builder();
        new JsonPacketFormatter().Format(output, LinkType.Ethernet, frame, frame.Length, 0, 1);
        string json = output.ToString();
        Assert.Contains("\"mpls\":[{\"label\":100,\"tc\":0,\"s\":false,\"ttl\":64},{\"label\":16006,\"tc\":0,\"s\":true,\"ttl\":255}],\"ip\":{", json);
    }

    [Fact]
    public void Json_error_names_mpls()
    {
        byte[] frame = Convert.FromHexString(Mac + "8847" + Label100);
        using var output = new Utf8Builder();
        new JsonPacketFormatter().Format(output, LinkType.Ethernet, frame, frame.Length, 0, 1);
        Assert.Contains("\"mpls\":[{\"label\":100,\"tc\":0,\"s\":false,\"ttl\":64}],\"error\":{\"layer\":\"mpls\",\"reason\":\"truncated\",\"offset\":18}", output.ToString());
    }
}
