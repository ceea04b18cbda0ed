using SockScope.TestSupport;
using SockScope.Wire.Addresses;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// <see cref="Icmpv6Printer"/> on its own: ICMPv6 messages cut out of their packets here (not by the
/// library's decoder), printed with no TcpdumpPrinter around them and compared with the ICMPv6 part
/// of tcpdump 4.99.3's record for the same packet.
/// </summary>
public sealed class Icmpv6PrinterTests
{
    // Messages from fe80::1 to fe80::2 (hop limit 255); tcpdump -nn [-v|-vv] printed the lines below for them.
    private static readonly Ipv6Address From = Ipv6Address.Parse("fe80::1");
    private static readonly Ipv6Address To = Ipv6Address.Parse("fe80::2");
    private static readonly byte[] Echo = Convert.FromHexString("8000f11200070001" + "6162636465666768");
    private static readonly byte[] EchoWithoutChecksum = Convert.FromHexString("8000000000070001" + "6162636465666768");
    private static readonly byte[] NeighborSolicitation = Convert.FromHexString(
        "87007a1b00000000" + "fe800000000000000000000000000002" + "0101020000000001");

    private static string Print(ReadOnlySpan<byte> icmp6, Icmpv6PrintContext context, int? length = null)
    {
        using var text = new Utf8Builder(1024);
        Icmpv6Printer.Print(icmp6, length ?? icmp6.Length, text, context);
        return text.ToString();
    }

    [Fact]
    public void Without_v_the_line_ends_with_the_length()
    {
        Assert.Equal("ICMP6, echo request, id 7, seq 1, length 16", Print(Echo, new Icmpv6PrintContext()));
        Assert.Equal("ICMP6, neighbor solicitation, who has fe80::2, length 32", Print(NeighborSolicitation, new Icmpv6PrintContext()));
    }

    [Fact]
    public void On_v_the_checksum_verdict_comes_first_and_options_follow()
    {
        var context = new Icmpv6PrintContext { Verbosity = 1, Source = From, Destination = To };
        Assert.Equal("[icmp6 sum ok] ICMP6, echo request, id 7, seq 1", Print(Echo, context));
        Assert.Equal("[bad icmp6 cksum 0x0000 -> 0xf112!] ICMP6, echo request, id 7, seq 1", Print(EchoWithoutChecksum, context));
        Assert.Equal("[icmp6 sum ok] ICMP6, neighbor solicitation, length 32, who has fe80::2\n"
            + "\t  source link-address option (1), length 8 (1): 02:00:00:00:00:01", Print(NeighborSolicitation, context));
        Assert.Equal("[icmp6 sum ok] ICMP6, neighbor solicitation, length 32, who has fe80::2\n"
            + "\t  source link-address option (1), length 8 (1): 02:00:00:00:00:01\n"
            + "\t    0x0000:  0200 0000 0001", Print(NeighborSolicitation, context with { Verbosity = 2 }));
    }

    [Fact]
    public void Without_the_addresses_or_with_a_fragment_there_is_no_checksum_verdict()
    {
        Assert.Equal("ICMP6, echo request, id 7, seq 1", Print(EchoWithoutChecksum, new Icmpv6PrintContext { Verbosity = 1 }));
        Assert.Equal("ICMP6, echo request, id 7, seq 1", Print(EchoWithoutChecksum, Icmpv6PrintContext.From(new FormatOptions { Verbosity = 1 })));
        Assert.Equal("ICMP6, echo request, id 7, seq 1",
            Print(EchoWithoutChecksum, new Icmpv6PrintContext { Verbosity = 1, Source = From, Destination = To, Fragmented = true }));
    }

    [Fact]
    public void Short_and_empty_messages()
    {
        Assert.Equal("ICMP6, length 0 (invalid)", Print([], new Icmpv6PrintContext()));
        // Bytes past the claimed length are not the message's: the checksum still holds over the 16 that are.
        byte[] padded = [.. Echo, 1, 2, 3, 4];
        Assert.Equal("[icmp6 sum ok] ICMP6, echo request, id 7, seq 1",
            Print(padded, new Icmpv6PrintContext { Verbosity = 1, Source = From, Destination = To }, length: 16));
    }

    [Fact]
    public void Port_unreachable_names_the_port_unless_numeric_ports_are_asked_for()
    {
        // Destination unreachable, code 4 (port), quoting an IPv6 header (next header UDP) and a UDP header to port 53.
        byte[] message = Convert.FromHexString("01040000" + "00000000"
            + "6000000000081140" + "fd000000000000000000000000000001" + "fd000000000000000000000000000009"
            + "d4310035" + "00080000");
        Assert.Equal("ICMP6, destination unreachable, unreachable port, fd00::9 udp port domain, length 56", Print(message, new Icmpv6PrintContext()));
        Assert.Equal("ICMP6, destination unreachable, unreachable port, fd00::9 udp port 53, length 56", Print(message, new Icmpv6PrintContext { NumericPorts = true }));
        Assert.True(Icmpv6PrintContext.From(new FormatOptions { NumericPorts = true }).NumericPorts);
    }

    private static string? Render(int linkType, byte[] frame, int verbosity)
    {
        int offset = CapturedPackets.NetworkOffset(linkType, frame);
        if (offset < 0 || offset > frame.Length) return null;
        ReadOnlySpan<byte> ip = frame.AsSpan(offset);
        if (!CapturedPackets.TryLocateTransport(ip, out IpInfo info, out int start, out int end) || end < start) return null;
        if (!info.IsIpv6 || info.Protocol != IpProtocol.Icmpv6) return null;
        // The expected text is tcpdump's with -nn.
        var context = new Icmpv6PrintContext
        {
            Verbosity = verbosity,
            NumericPorts = true,
            Fragmented = info.IsLaterFragment,
            Source = info.Source6,
            Destination = info.Destination6,
        };
        return Print(ip[start..end], context, info.PayloadLength);
    }

    // Printer gaps, the same as ApplicationCorpusTests lists: RPL DIO options (-vv) are not decoded.
    private static readonly HashSet<string> NotDecodedYet =
    [
        "icmp6-crafted.pcap#85.vv.txt", "icmp6-crafted.pcap#85.vvv.txt",
        "rpl-crafted.pcap#9.vv.txt", "rpl-crafted.pcap#9.vvv.txt", "rpl-crafted.pcap#12.vv.txt", "rpl-crafted.pcap#12.vvv.txt",
    ];

    [Theory]
    [InlineData(0, ".nn.txt")]
    [InlineData(1, ".v.txt")]
    [InlineData(2, ".vv.txt")]
    [InlineData(3, ".vvv.txt")]
    public void Crafted_messages_print_as_tcpdump_prints_them(int verbosity, string suffix)
    {
        // Every ICMPv6 type: errors, echo, MLD v1/v2, neighbour discovery with options, router renumbering, node information, RPL.
        string[] captures = ApplicationCorpusTests.FixtureCaptures()
            .Where(c => Path.GetFileName(c) is "icmp6-crafted.pcap" or "rpl-crafted.pcap").ToArray();
        int compared = StandalonePrinterComparison.Compare(captures, suffix, (l, f, _) => Render(l, f, verbosity), NotDecodedYet);
        Assert.True(compared >= 80, $"only {compared} messages compared");
    }

    [CorpusTheory]
    [InlineData(0, ".nn.txt")]
    [InlineData(1, ".v.txt")]
    public void Corpus_messages_print_as_tcpdump_prints_them(int verbosity, string suffix)
    {
        int compared = StandalonePrinterComparison.Compare(Corpus.CoreCaptures(), suffix, (l, f, _) => Render(l, f, verbosity));
        Assert.True(compared >= 20, $"only {compared} messages compared");
    }
}
