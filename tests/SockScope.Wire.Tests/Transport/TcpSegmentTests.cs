using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Tests.Transport;

public class TcpSegmentTests
{
    // SYN 40000 > 80, seq 1, options: mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7.
    private static byte[] Syn() => Convert.FromHexString(
        "9c400050" + "00000001" + "00000000" + "a002" + "faf0" + "0000" + "0000"
        + "020405b4" + "0402" + "080a0000000100000000" + "01" + "030307");

    [Fact]
    public void Deconstructs_the_header()
    {
        Assert.True(TcpSegment.TryCreate(Syn(), out TcpSegment s, out _));
        Assert.Equal(40000, s.SourcePort);
        Assert.Equal(80, s.DestinationPort);
        Assert.Equal(1u, s.SequenceNumber);
        Assert.Equal(0u, s.AcknowledgmentNumber);
        Assert.Equal(40, s.HeaderLength);
        Assert.Equal(TcpFlags.Syn, s.Flags);
        Assert.Equal(64240, s.Window);
        Assert.Equal(0, s.Payload.Length);
    }

    [Fact]
    public void Options_come_out_in_order_with_their_data()
    {
        Assert.True(TcpSegment.TryCreate(Syn(), out TcpSegment s, out _));
        var seen = new List<(TcpOptionKind, string)>();
        KindLengthOptionEnumerator e = s.Options;
        while (e.MoveNext()) seen.Add(((TcpOptionKind)e.Current.Kind, Convert.ToHexString(e.Current.Data)));
        Assert.Equal([
            (TcpOptionKind.MaximumSegmentSize, "05B4"), (TcpOptionKind.SackPermitted, ""),
            (TcpOptionKind.Timestamps, "0000000100000000"), (TcpOptionKind.NoOperation, ""),
            (TcpOptionKind.WindowScale, "07")], seen);
        Assert.Equal(WireError.None, e.Error);
    }

    [Fact]
    public void Unknown_option_is_kept_with_its_bytes()
    {
        byte[] b = Convert.FromHexString("9c40005000000001000000006010faf000000000" + "fe04abcd");
        Assert.True(TcpSegment.TryCreate(b, out TcpSegment s, out _));
        KindLengthOptionEnumerator e = s.Options;
        Assert.True(e.MoveNext());
        Assert.Equal(254, e.Current.Kind);
        Assert.Equal([0xab, 0xcd], e.Current.Data.ToArray());
        Assert.Equal(TcpFlags.Ack, s.Flags);
    }

    [Fact]
    public void Ae_flag_comes_from_the_data_offset_byte()
    {
        byte[] b = Syn();
        b[12] |= 1;
        b[13] = 0xFF;
        Assert.True(TcpSegment.TryCreate(b, out TcpSegment s, out _));
        Assert.Equal((TcpFlags)0x1FF, s.Flags);
    }

    [Fact]
    public void Checksum_verifies_with_the_pseudo_header()
    {
        byte[] b = Syn();
        var src = Ipv4Address.Parse("10.0.0.1");
        var dst = Ipv4Address.Parse("10.0.0.2");
        ushort sum = InternetChecksum.Compute(src, dst, IpProtocol.Tcp, b);
        b[16] = (byte)(sum >> 8); b[17] = (byte)sum;
        Assert.True(TcpSegment.TryCreate(b, out TcpSegment s, out _));
        Assert.True(s.IsChecksumValid(src, dst));
        Assert.False(s.IsChecksumValid(dst, Ipv4Address.Parse("10.0.0.3")));
    }

    [Theory]
    [InlineData(19, WireError.Truncated)]
    [InlineData(39, WireError.Truncated)]
    public void Cut_headers_are_truncated(int length, WireError expected)
    {
        Assert.False(TcpSegment.TryCreate(Syn().AsSpan(0, length), out _, out WireError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Data_offset_below_five_is_a_bad_header_length()
    {
        byte[] b = Syn();
        b[12] = 0x40;
        Assert.False(TcpSegment.TryCreate(b, out _, out WireError error));
        Assert.Equal(WireError.BadHeaderLength, error);
    }

    [Fact]
    public void Fixed_fields_of_a_header_whose_options_are_cut_short()
    {
        byte[] b = Syn()[..24];
        Assert.False(TcpSegment.TryCreate(b, out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
        TcpSegment s = TcpSegment.FromCheckedFixedHeader(b);
        Assert.Equal(40000, s.SourcePort);
        Assert.Equal(80, s.DestinationPort);
        Assert.Equal(1u, s.SequenceNumber);
        Assert.Equal(40, s.HeaderLength);
        Assert.Equal(TcpFlags.Syn, s.Flags);
        Assert.Equal(64240, s.Window);
    }
}
