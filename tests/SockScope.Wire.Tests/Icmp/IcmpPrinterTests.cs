using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// <see cref="IcmpPrinter"/> on its own: ICMP messages cut out of their packets here (not by the
/// library's decoder), printed with no TcpdumpPrinter around them and compared with the ICMP part of
/// tcpdump 4.99.3's record for the same packet, quoted datagram and extensions included.
/// </summary>
public sealed class IcmpPrinterTests
{
    // Port unreachable quoting a UDP datagram 10.0.0.2:40000 -> 10.0.0.9:33434 whose header claims
    // 32 bytes, of which 28 are quoted (icmp-crafted.pcap, packet 6).
    private static readonly byte[] PortUnreachable = Convert.FromHexString(
        "0303de1500000000" + "4500002000010000401166c20a0000020a000009" + "9c40829a000c0000");

    // An echo request, id 1, seq 2, with 8 bytes of data; EchoWithoutChecksum has 0 in the checksum field.
    private static readonly byte[] Echo = Convert.FromHexString("0800666700010002" + "6162636465666768");
    private static readonly byte[] EchoWithoutChecksum = Convert.FromHexString("0800000000010002" + "6162636465666768");

    private static string Print(ReadOnlySpan<byte> icmp, IcmpPrintContext context, int? length = null)
    {
        using var text = new Utf8Builder(1024);
        IcmpPrinter.Print(icmp, length ?? icmp.Length, text, context);
        return text.ToString();
    }

    /// <summary>The ICMP messages of a frame, with the length the IP header claims; null for other frames.</summary>
    private static string? Render(int linkType, byte[] frame, int verbosity)
    {
        int offset = CapturedPackets.NetworkOffset(linkType, frame);
        if (offset < 0 || offset > frame.Length) return null;
        ReadOnlySpan<byte> ip = frame.AsSpan(offset);
        if (!CapturedPackets.TryLocateTransport(ip, out IpInfo info, out int start, out int end) || end < start) return null;
        if (info.IsIpv6 || info.Protocol != IpProtocol.Icmp || info.IsLaterFragment) return null;
        // Ports as numbers, as the .txt files were made with -nn.
        var context = IcmpPrintContext.From(new FormatOptions { Verbosity = verbosity, NumericPorts = true });
        return Print(ip[start..end], context, info.PayloadLength);
    }

    [Theory]
    [InlineData(0, ".nn.txt")]
    [InlineData(1, ".v.txt")]
    [InlineData(2, ".vv.txt")]
    [InlineData(3, ".vvv.txt")]
    public void Crafted_messages_print_as_tcpdump_prints_them(int verbosity, string suffix)
    {
        // Every type and unreachable code, errors quoting UDP, TCP, GRE and ICMP, RFC 4884 extensions.
        string[] captures = ApplicationCorpusTests.FixtureCaptures()
            .Where(c => Path.GetFileName(c).StartsWith("icmp-", StringComparison.Ordinal)).ToArray();
        int compared = StandalonePrinterComparison.Compare(captures, suffix, (l, f, _) => Render(l, f, verbosity));
        Assert.True(compared >= 50, $"only {compared} messages compared");
    }

    // The IP printer stops at a truncated IP option with " [|ip]" before ICMP is reached.
    private static readonly HashSet<string> NotReachedByTcpdump = ["ip_ts_opts_asan.pcap#1.v.txt"];

    [CorpusTheory]
    [InlineData(0, ".nn.txt")]
    [InlineData(1, ".v.txt")]
    public void Corpus_messages_print_as_tcpdump_prints_them(int verbosity, string suffix)
    {
        int compared = StandalonePrinterComparison.Compare(Corpus.CoreCaptures(), suffix, (l, f, _) => Render(l, f, verbosity), NotReachedByTcpdump);
        Assert.True(compared >= 10, $"only {compared} messages compared");
    }

    [Fact]
    public void Port_unreachable_names_the_port_unless_numeric_ports_are_asked_for()
    {
        // Destination unreachable, code 3 (port), quoting an IPv4 header (protocol UDP, to 10.0.0.9) and a UDP header to port 53.
        byte[] message = Convert.FromHexString("03030000" + "00000000" + "4500001c00000000401100000a0000010a000009" + "d4310035" + "00080000");
        Assert.Equal("ICMP 10.0.0.9 udp port domain unreachable, length 36", Print(message, new IcmpPrintContext()));
        Assert.Equal("ICMP 10.0.0.9 udp port 53 unreachable, length 36", Print(message, new IcmpPrintContext { NumericPorts = true }));
        Assert.True(IcmpPrintContext.From(new FormatOptions { NumericPorts = true }).NumericPorts);
    }

    [Fact]
    public void An_echo_request_is_one_line_at_any_verbosity()
    {
        // The lines below are tcpdump's for these bytes in an IPv4 packet (-v adds nothing when the checksum is right).
        Assert.Equal("ICMP echo request, id 1, seq 2, length 16", Print(Echo, new IcmpPrintContext()));
        Assert.Equal("ICMP echo request, id 1, seq 2, length 16", Print(Echo, new IcmpPrintContext { Verbosity = 2 }));
    }

    [Fact]
    public void On_v_a_wrong_checksum_is_shown_unless_the_message_is_a_fragment()
    {
        Assert.Equal("ICMP echo request, id 1, seq 2, length 16 (wrong icmp cksum 0 (->6667)!)",
            Print(EchoWithoutChecksum, new IcmpPrintContext { Verbosity = 1 }));
        Assert.Equal("ICMP echo request, id 1, seq 2, length 16", Print(EchoWithoutChecksum, new IcmpPrintContext { Verbosity = 1, Fragmented = true }));
        Assert.Equal("ICMP echo request, id 1, seq 2, length 16", Print(EchoWithoutChecksum, new IcmpPrintContext()));
    }

    [Fact]
    public void Without_a_printer_of_the_callers_the_quoted_datagram_is_printed_with_tcpdumps_defaults()
    {
        // tcpdump -v -r icmp-crafted.pcap (packet 6, no -n), after "10.0.0.1 > 10.0.0.2: ".
        Assert.Equal("ICMP 10.0.0.9 udp port 33434 unreachable, length 36\n"
            + "\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 32)\n"
            + "    10.0.0.2.40000 > 10.0.0.9.33434: UDP, length 4",
            Print(PortUnreachable, new IcmpPrintContext { Verbosity = 1 }));
        Assert.Equal("ICMP 10.0.0.9 udp port 33434 unreachable, length 36", Print(PortUnreachable, new IcmpPrintContext()));
    }

    [Fact]
    public void The_callers_printer_gets_the_quoted_datagram_up_to_its_own_length()
    {
        byte[]? seen = null;
        var context = new IcmpPrintContext
        {
            Verbosity = 1,
            QuotedDatagram = (datagram, output) =>
            {
                seen = datagram.ToArray();
                output.Append("<quoted>");
            },
        };
        Assert.Equal("ICMP 10.0.0.9 udp port 33434 unreachable, length 36\n\t<quoted>", Print(PortUnreachable, context));
        Assert.Equal(PortUnreachable.AsSpan(8).ToArray(), seen);
        // Eight zero bytes more (the checksum stays right): the quoted header claims 32 bytes, so
        // the last four are not the quoted datagram's.
        byte[] longer = [.. PortUnreachable, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal("ICMP 10.0.0.9 udp port 33434 unreachable, length 44\n\t<quoted>", Print(longer, context));
        Assert.Equal(longer.AsSpan(8, 32).ToArray(), seen);
    }

    [Fact]
    public void A_message_cut_before_its_fields_is_marked()
    {
        Assert.Equal(" [|icmp]", Print(Echo.AsSpan(0, 6), new IcmpPrintContext(), length: 16));
        // An error missing the quoted header it is worded from.
        Assert.Equal(" [|icmp]", Print(PortUnreachable.AsSpan(0, 20), new IcmpPrintContext(), length: 36));
    }

    [Fact]
    public void Bytes_past_the_claimed_length_are_not_the_messages()
    {
        // Padding with a wrong checksum over it: had the printer read it, -v would say so.
        byte[] padded = [.. Echo, 1, 2, 3, 4];
        Assert.Equal("ICMP echo request, id 1, seq 2, length 16", Print(padded, new IcmpPrintContext { Verbosity = 1 }, length: 16));
    }
}
