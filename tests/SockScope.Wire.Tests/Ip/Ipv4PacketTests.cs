using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Ip;

public class Ipv4PacketTests
{
    // RFC 1071 example header: 0x73 bytes total, DF, TTL 64, UDP, 192.168.0.1 > 192.168.0.199.
    private static byte[] Udp() => Convert.FromHexString("45000073000040004011b861c0a80001c0a800c7" + new string('0', 2 * (0x73 - 20)));

    [Fact]
    public void Deconstructs_the_fixed_header()
    {
        Assert.True(Ipv4Packet.TryCreate(Udp(), out Ipv4Packet p, out _));
        Assert.Equal(4, p.Version);
        Assert.Equal(20, p.HeaderLength);
        Assert.Equal(0x73, p.TotalLength);
        Assert.Equal(0, p.Identification);
        Assert.True(p.DontFragment);
        Assert.False(p.MoreFragments);
        Assert.False(p.IsFragment);
        Assert.Equal(64, p.TimeToLive);
        Assert.Equal(IpProtocol.Udp, p.Protocol);
        Assert.Equal(0xb861, p.HeaderChecksum);
        Assert.True(p.IsHeaderChecksumValid);
        Assert.Equal(0xb861, p.ComputeHeaderChecksum());
        Assert.Equal(Ipv4Address.Parse("192.168.0.1"), p.Source);
        Assert.Equal(Ipv4Address.Parse("192.168.0.199"), p.Destination);
        Assert.Equal(0x73 - 20, p.Payload.Length);
        Assert.False(p.IsPayloadTruncated);
    }

    [Fact]
    public void Bad_checksum_is_detected_and_the_right_one_computed()
    {
        byte[] b = Udp();
        b[11] ^= 0xFF;
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out _));
        Assert.False(p.IsHeaderChecksumValid);
        Assert.Equal(0xb861, p.ComputeHeaderChecksum());
    }

    [Fact]
    public void Fragment_fields()
    {
        byte[] b = Udp();
        b[6] = 0x20; b[7] = 0xb9; // MF, offset 185 units = 1480 bytes
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out _));
        Assert.True(p.MoreFragments);
        Assert.False(p.DontFragment);
        Assert.Equal(185, p.FragmentOffsetUnits);
        Assert.Equal(1480, p.FragmentOffset);
        Assert.True(p.IsFragment);
    }

    [Fact]
    public void Options_are_enumerated_in_order()
    {
        // IHL 9: NOP, record route (len 7, pointer 4, one address), router alert (len 4), EOL, padding.
        byte[] b = Convert.FromHexString("4900002400000000400200000a0000010a000002" + "01" + "070704" + "0a000009" + "94040000" + "00" + "000000");
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out _));
        Assert.Equal(36, p.HeaderLength);
        var kinds = new List<(byte, int, int)>();
        KindLengthOptionEnumerator e = p.Options;
        while (e.MoveNext()) kinds.Add((e.Current.Kind, e.Current.Length, e.Current.Data.Length));
        Assert.Equal([(1, 1, 0), (7, 7, 5), (148, 4, 2), (0, 1, 0)], kinds);
        Assert.Equal(WireError.None, e.Error);
    }

    [Fact]
    public void Option_with_length_zero_or_overrun_stops_with_an_error()
    {
        var e = new KindLengthOptionEnumerator(Convert.FromHexString("0100"[..2] + "8400"));
        Assert.True(e.MoveNext());
        Assert.False(e.MoveNext());
        Assert.Equal(WireError.BadOption, e.Error);
        e = new KindLengthOptionEnumerator(Convert.FromHexString("0708aabb"));
        Assert.False(e.MoveNext());
        Assert.Equal(WireError.Truncated, e.Error);
    }

    [Theory]
    [InlineData("", WireError.Truncated)]
    [InlineData("65000014", WireError.BadVersion)]
    [InlineData("4500001400000000", WireError.Truncated)]
    [InlineData("44000014000000004011b8610a0000010a000002", WireError.BadHeaderLength)]
    [InlineData("46000014000000004011b8610a0000010a000002", WireError.Truncated)]
    [InlineData("45000010000000004011b8610a0000010a000002", WireError.BadLength)]
    public void Malformed_headers_are_refused(string hex, WireError expected)
    {
        Assert.False(Ipv4Packet.TryCreate(Convert.FromHexString(hex), out _, out WireError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Total_length_past_the_capture_clips_the_payload()
    {
        byte[] b = Udp()[..40];
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out _));
        Assert.True(p.IsPayloadTruncated);
        Assert.Equal(20, p.Payload.Length);
    }

    [Fact]
    public void Padding_after_the_total_length_is_the_trailer()
    {
        byte[] b = [.. Udp(), 0xAA, 0xBB];
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out _));
        Assert.Equal(0x73 - 20, p.Payload.Length);
        Assert.Equal([0xAA, 0xBB], p.Trailer.ToArray());
    }

    [Fact]
    public void Total_length_zero_is_presumed_to_run_to_the_end_of_the_capture()
    {
        // TSO / BIG TCP: the stack leaves the total length 0 in a packet captured before segmentation.
        byte[] b = Udp();
        b[2] = 0; b[3] = 0;
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out WireError error), error.ToString());
        Assert.True(p.IsLengthPresumed);
        Assert.Equal(0, p.TotalLength);
        Assert.Equal(b.Length, p.Length);
        Assert.Equal(b.Length, Ipv4Packet.DatagramLength(b));
        Assert.Equal(b.Length - 20, p.Payload.Length);
        Assert.False(p.IsPayloadTruncated);
        Assert.True(p.Trailer.IsEmpty);
    }

    [Fact]
    public void A_carried_total_length_is_not_presumed()
    {
        Assert.True(Ipv4Packet.TryCreate(Udp(), out Ipv4Packet p, out _));
        Assert.False(p.IsLengthPresumed);
        Assert.Equal(0x73, p.Length);
    }

    [Fact]
    public void Flags_word_and_bytes_are_as_carried()
    {
        byte[] b = Udp();
        Assert.True(Ipv4Packet.TryCreate(b, out Ipv4Packet p, out _));
        Assert.Equal(Ipv4Offsets.DontFragmentFlag, p.FlagsAndFragmentOffset);
        Assert.Equal(b.Length, p.Bytes.Length);
    }

    [Fact]
    public void Fixed_fields_of_a_header_whose_options_are_cut_short()
    {
        // IHL 6 (one option word) but only the 20 fixed bytes captured: TryCreate refuses it, the
        // printer's wrapper still reads the fixed fields.
        byte[] b = Udp()[..20];
        b[0] = 0x46;
        Assert.False(Ipv4Packet.TryCreate(b, out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
        Ipv4Packet p = Ipv4Packet.FromCheckedFixedHeader(b);
        Assert.Equal(24, p.HeaderLength);
        Assert.Equal(0x73, p.TotalLength);
        Assert.Equal(IpProtocol.Udp, p.Protocol);
        Assert.Equal(Ipv4Address.Parse("192.168.0.199"), p.Destination);
    }
}
