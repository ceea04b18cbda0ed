using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// Whole tcpdump lines from the library writer, against what tcpdump 4.99.3 printed (TZ=UTC, -nn)
/// for the same frame written to a pcap three times: at 2014-12-09 17:16:09.924505, 0.127522 s
/// later, and 2 s before that (a step back in time).
/// </summary>
public class TcpdumpLineWriterTests
{
    // Ethernet 02:00:00:00:00:01 > 02:00:00:00:00:02, IPv4 10.90.0.1 > 10.90.0.2 (DF, TTL 64),
    // UDP 40000 > 9999 with 27 bytes "GET / HTTP/1.1\r\nHost: a\r\n\r\n"; checksums correct.
    private static readonly byte[] Frame = Convert.FromHexString(
        "020000000002020000000001080045000037123440004011" + "13cc0a5a00010a5a00029c40270f0023eaec" +
        "474554202f20485454502f312e310d0a486f73743a20610d0a0d0a");

    private const long First = 1_418_145_369_924_505_000;
    private static readonly long[] Stamps = [First, 1_418_145_370_052_027_000, 1_418_145_368_052_115_000];

    private const string Udp = "IP 10.90.0.1.40000 > 10.90.0.2.9999: UDP, length 27";

    private static readonly FormatOptions Numeric = new() { NumericPorts = true };

    private static string Write(TcpdumpLineOptions options, params long[] stamps)
    {
        using var output = new Utf8Builder();
        var writer = new TcpdumpLineWriter(output, options with { TimeZone = options.TimeZone ?? TimeZoneInfo.Utc });
        for (int i = 0; i < stamps.Length; i++) writer.Write(LinkType.Ethernet, Frame, Frame.Length, stamps[i], i + 1);
        return output.ToString();
    }

    public static TheoryData<DumpStyle, bool, string> Dumps => new()
    {
        // -x
        { DumpStyle.Hex, false, "17:16:09.924505 " + Udp + "\n\t0x0000:  4500 0037 1234 4000 4011 13cc 0a5a 0001\n\t0x0010:  0a5a 0002 9c40 270f 0023 eaec 4745 5420\n\t0x0020:  2f20 4854 5450 2f31 2e31 0d0a 486f 7374\n\t0x0030:  3a20 610d 0a0d 0a\n" },
        // -xx
        { DumpStyle.Hex, true, "17:16:09.924505 " + Udp + "\n\t0x0000:  0200 0000 0002 0200 0000 0001 0800 4500\n\t0x0010:  0037 1234 4000 4011 13cc 0a5a 0001 0a5a\n\t0x0020:  0002 9c40 270f 0023 eaec 4745 5420 2f20\n\t0x0030:  4854 5450 2f31 2e31 0d0a 486f 7374 3a20\n\t0x0040:  610d 0a0d 0a\n" },
        // -X
        { DumpStyle.HexAndAscii, false, "17:16:09.924505 " + Udp + "\n\t0x0000:  4500 0037 1234 4000 4011 13cc 0a5a 0001  E..7.4@.@....Z..\n\t0x0010:  0a5a 0002 9c40 270f 0023 eaec 4745 5420  .Z...@'..#..GET.\n\t0x0020:  2f20 4854 5450 2f31 2e31 0d0a 486f 7374  /.HTTP/1.1..Host\n\t0x0030:  3a20 610d 0a0d 0a                        :.a....\n" },
        // -XX
        { DumpStyle.HexAndAscii, true, "17:16:09.924505 " + Udp + "\n\t0x0000:  0200 0000 0002 0200 0000 0001 0800 4500  ..............E.\n\t0x0010:  0037 1234 4000 4011 13cc 0a5a 0001 0a5a  .7.4@.@....Z...Z\n\t0x0020:  0002 9c40 270f 0023 eaec 4745 5420 2f20  ...@'..#..GET./.\n\t0x0030:  4854 5450 2f31 2e31 0d0a 486f 7374 3a20  HTTP/1.1..Host:.\n\t0x0040:  610d 0a0d 0a                             a....\n" },
        // -A: the IPv4 header's 0x0a bytes break lines; carriage returns are dropped.
        { DumpStyle.Ascii, false, "17:16:09.924505 " + Udp + "\nE..7.4@.@...\nZ..\nZ...@'..#..GET / HTTP/1.1\nHost: a\n\n\n" },
    };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Dumps_start_where_tcpdump_starts_them(DumpStyle dump, bool linkHeader, string expected) =>
        Assert.Equal(expected, Write(new TcpdumpLineOptions { Format = Numeric, Dump = dump, DumpLinkHeader = linkHeader }, First));

    [Fact]
    public void Link_header_and_verbose_lines()
    {
        var options = new TcpdumpLineOptions { Format = Numeric with { LinkHeader = true, Verbosity = 1 } };
        Assert.Equal("17:16:09.924505 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 69: "
            + "(tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto UDP (17), length 55)\n    10.90.0.1.40000 > 10.90.0.2.9999: UDP, length 27\n",
            Write(options, First));
    }

    [Theory]
    [InlineData(TimestampStyle.DeltaFromPrevious, " 00:00:00.000000 ", " 00:00:00.127522 ", "-00:00:01.999912 ")]
    [InlineData(TimestampStyle.DeltaFromFirst, " 00:00:00.000000 ", " 00:00:00.127522 ", "-00:00:01.872390 ")]
    [InlineData(TimestampStyle.Date, "2014-12-09 17:16:09.924505 ", "2014-12-09 17:16:10.052027 ", "2014-12-09 17:16:08.052115 ")]
    [InlineData(TimestampStyle.Epoch, "1418145369.924505 ", "1418145370.052027 ", "1418145368.052115 ")]
    [InlineData(TimestampStyle.TimeOfDay, "17:16:09.924505 ", "17:16:10.052027 ", "17:16:08.052115 ")]
    [InlineData(TimestampStyle.None, "", "", "")]
    public void Each_line_starts_with_the_timestamp_style(TimestampStyle style, params string[] prefixes) =>
        Assert.Equal(string.Concat(prefixes.Select(p => p + Udp + "\n")),
            Write(new TcpdumpLineOptions { Format = Numeric, Timestamps = style }, Stamps));

    [Fact]
    public void Numbers_and_nanoseconds()
    {
        Assert.Equal($"    1  1418145369.924505 {Udp}\n    2  1418145370.052027 {Udp}\n    3  1418145368.052115 {Udp}\n",
            Write(new TcpdumpLineOptions { Format = Numeric, Timestamps = TimestampStyle.Epoch, PacketNumbers = true }, Stamps));
        Assert.Equal($"1418145369.924505000 {Udp}\n",
            Write(new TcpdumpLineOptions { Format = Numeric, Timestamps = TimestampStyle.Epoch, Precision = TimestampPrecision.Nanoseconds }, First));
    }

    [Fact]
    public void Frame_numbers_wider_than_five_columns_push_the_line_right()
    {
        using var output = new Utf8Builder();
        var writer = new TcpdumpLineWriter(output, new TcpdumpLineOptions { Format = Numeric, Timestamps = TimestampStyle.None, PacketNumbers = true });
        writer.Write(LinkType.Ethernet, Frame, Frame.Length, First, 99_999);
        writer.Write(LinkType.Ethernet, Frame, Frame.Length, First, 123_456);
        Assert.Equal($"99999  {Udp}\n123456  {Udp}\n", output.ToString());
    }

    [Fact]
    public void Records_with_invalid_lengths_print_tcpdumps_marker_alone()
    {
        // tcpdump -# -nn -tt -x on a pcap with these records: the marker, numbered, without timestamp or dump.
        using var output = new Utf8Builder();
        var writer = new TcpdumpLineWriter(output, new TcpdumpLineOptions
        {
            Format = Numeric, Timestamps = TimestampStyle.Epoch, PacketNumbers = true, Dump = DumpStyle.Hex,
        });
        writer.Write(LinkType.Ethernet, [], 0, First, 2);
        writer.Write(LinkType.Ethernet, [], 60, First, 3);
        writer.Write(LinkType.Ethernet, Frame, 40, First, 4);
        Assert.Equal("    2  [Invalid header: caplen==0, len==0]\n    3  [Invalid header: caplen==0]\n    4  [Invalid header: len(40) < caplen(69)]\n",
            output.ToString());
    }

    [Fact]
    public void An_annotation_goes_after_the_decoded_text_and_before_the_dump()
    {
        // The frame cut after the IPv4 header: tcpdump -t -nn -x prints "IP 10.90.0.1 > 10.90.0.2:  [|udp]" and this dump.
        using var output = new Utf8Builder();
        var writer = new TcpdumpLineWriter(output, new TcpdumpLineOptions { Format = Numeric, Timestamps = TimestampStyle.None, Dump = DumpStyle.Hex });
        writer.Write(LinkType.Ethernet, Frame.AsSpan(0, 34), Frame.Length, First, 1, ", 42/curl"u8);
        Assert.Equal("IP 10.90.0.1 > 10.90.0.2:  [|udp], 42/curl\n\t0x0000:  4500 0037 1234 4000 4011 13cc 0a5a 0001\n\t0x0010:  0a5a 0002\n",
            output.ToString());
    }

    [Theory]
    [InlineData(false, " [|ether]\n")]
    [InlineData(true, " [|ether]\n\t0x0000:  0200 0000 0002 0200 0000\n")]
    public void A_capture_cut_inside_the_link_header_dumps_only_with_the_link_header(bool linkHeader, string expected)
    {
        // tcpdump -t -nn -x / -xx on the first 10 bytes of the frame.
        using var output = new Utf8Builder();
        var writer = new TcpdumpLineWriter(output, new TcpdumpLineOptions
        {
            Format = Numeric, Timestamps = TimestampStyle.None, Dump = DumpStyle.Hex, DumpLinkHeader = linkHeader,
        });
        writer.Write(LinkType.Ethernet, Frame.AsSpan(0, 10), Frame.Length, First, 1);
        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void Default_options_are_plain_tcpdumps()
    {
        using var output = new Utf8Builder();
        var writer = new TcpdumpLineWriter(output);
        Assert.Same(TcpdumpLineOptions.Default, writer.Options);
        Assert.Equal(TimestampStyle.TimeOfDay, writer.Options.Timestamps);
        Assert.Equal(DumpStyle.None, writer.Options.Dump);
        Assert.Same(output, writer.Output);
    }
}
