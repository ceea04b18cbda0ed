using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// <see cref="IgmpPrinter"/> on its own: IGMP messages cut out of their packets here (not by the
/// library's decoder), printed with no TcpdumpPrinter around them and compared with the IGMP part of
/// tcpdump 4.99.3's record for the same packet.
/// </summary>
public sealed class IgmpPrinterTests
{
    // IGMP messages sent from 10.0.0.1 to 224.0.0.1 with TTL 1; tcpdump -nn [-v|-vv|-q] printed the lines below for them.
    private static readonly byte[] V2Report = Convert.FromHexString("1600f8faef010203");
    private static readonly byte[] V2ReportWithoutChecksum = Convert.FromHexString("16000000ef010203");
    private static readonly byte[] V3Query = Convert.FromHexString("1164ec1e00000000027d0000");
    private static readonly byte[] V3Report = Convert.FromHexString(
        "2200e2ed00000002" + "04000000ef010203" + "01000002ef010204" + "0a000001" + "0a000002");

    private static string Print(ReadOnlySpan<byte> igmp, IgmpPrintContext context, int? length = null)
    {
        using var text = new Utf8Builder(1024);
        IgmpPrinter.Print(igmp, length ?? igmp.Length, text, context);
        return text.ToString();
    }

    [Fact]
    public void Reports_and_queries()
    {
        Assert.Equal("igmp v2 report 239.1.2.3", Print(V2Report, new IgmpPrintContext()));
        Assert.Equal("igmp query v3", Print(V3Query, new IgmpPrintContext { Verbosity = 1 }));
        Assert.Equal("igmp v3 report, 2 group record(s)", Print(V3Report, new IgmpPrintContext()));
    }

    [Fact]
    public void Group_records_are_listed_on_v_and_their_sources_on_vv()
    {
        Assert.Equal("igmp v3 report, 2 group record(s) [gaddr 239.1.2.3 to_ex, 0 source(s)] [gaddr 239.1.2.4 is_in, 2 source(s)]",
            Print(V3Report, new IgmpPrintContext { Verbosity = 1 }));
        Assert.Equal("igmp v3 report, 2 group record(s) [gaddr 239.1.2.3 to_ex { }] [gaddr 239.1.2.4 is_in { 10.0.0.1 10.0.0.2 }]",
            Print(V3Report, new IgmpPrintContext { Verbosity = 2 }));
    }

    [Fact]
    public void A_wrong_checksum_is_shown_on_v()
    {
        Assert.Equal("igmp v2 report 239.1.2.3", Print(V2ReportWithoutChecksum, new IgmpPrintContext()));
        Assert.Equal("igmp v2 report 239.1.2.3 bad igmp cksum 0!", Print(V2ReportWithoutChecksum, new IgmpPrintContext { Verbosity = 1 }));
    }

    [Fact]
    public void Quiet_says_igmp_alone()
    {
        Assert.Equal("igmp", Print(V3Report, new IgmpPrintContext { Quiet = true, Verbosity = 2 }));
        Assert.Equal("igmp", Print(V2Report, IgmpPrintContext.From(new FormatOptions { Quiet = true })));
    }

    [Fact]
    public void A_message_cut_inside_its_records_is_marked()
    {
        // The first 10 of the report's 32 bytes: the count is printed, the records are not there.
        Assert.Equal("igmp v3 report, 2 group record(s) [|igmp]", Print(V3Report.AsSpan(0, 10), new IgmpPrintContext { Verbosity = 1 }, length: 32));
    }

    [Fact]
    public void Bytes_past_the_claimed_length_are_not_the_messages()
    {
        // An IGMPv2 report in a minimum Ethernet frame: the padding would make it look like a v3 message and spoil the checksum.
        byte[] padded = [.. V2Report, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal("igmp v2 report 239.1.2.3", Print(padded, new IgmpPrintContext { Verbosity = 1 }, length: 8));
    }

    private static string? Render(int linkType, byte[] frame, IgmpPrintContext context)
    {
        int offset = CapturedPackets.NetworkOffset(linkType, frame);
        if (offset < 0 || offset > frame.Length) return null;
        ReadOnlySpan<byte> ip = frame.AsSpan(offset);
        if (!CapturedPackets.TryLocateTransport(ip, out IpInfo info, out int start, out int end) || end < start) return null;
        if (info.IsIpv6 || info.Protocol != IpProtocol.Igmp || info.IsLaterFragment) return null;
        return Print(ip[start..end], context, info.PayloadLength);
    }

    // Printer gaps, the same as ApplicationCorpusTests lists (PIMv1 join/prune group lists and DVMRP
    // route reports on -vv are not decoded).
    private static readonly HashSet<string> NotDecodedYet =
    [
        "pimv1-crafted.pcap#12.vv.txt", "pimv1-crafted.pcap#12.vvv.txt", "pimv1-crafted.pcap#13.vv.txt",
        "pimv1-crafted.pcap#13.vvv.txt", "pimv1-crafted.pcap#14.vv.txt", "pimv1-crafted.pcap#14.vvv.txt",
        "dvmrp-crafted.pcap#4.vv.txt", "dvmrp-crafted.pcap#4.vvv.txt",
    ];

    [Theory]
    [InlineData(0, ".nn.txt")]
    [InlineData(1, ".v.txt")]
    [InlineData(2, ".vv.txt")]
    [InlineData(3, ".vvv.txt")]
    public void Crafted_messages_print_as_tcpdump_prints_them(int verbosity, string suffix)
    {
        // Every IGMP type, DVMRP and PIMv1 message.
        string[] captures = ApplicationCorpusTests.FixtureCaptures()
            .Where(c => Path.GetFileName(c) is "igmp-crafted.pcap" or "dvmrp-crafted.pcap" or "pimv1-crafted.pcap").ToArray();
        int compared = StandalonePrinterComparison.Compare(captures, suffix,
            (l, f, _) => Render(l, f, new IgmpPrintContext { Verbosity = verbosity }), NotDecodedYet);
        Assert.True(compared >= 40, $"only {compared} messages compared");
    }

    [Fact]
    public void Quiet_crafted_messages_print_as_tcpdump_q_prints_them()
    {
        string root = Corpus.RepositoryRoot ?? throw new InvalidOperationException("repository root not found");
        string capture = Path.Combine(root, "tests", "SockScope.Wire.Tests", "Formatting", "Fixtures", "ipv4-crafted.pcap");
        int compared = StandalonePrinterComparison.Compare([capture], ".q.txt",
            (l, f, _) => Render(l, f, IgmpPrintContext.From(new FormatOptions { Quiet = true })));
        Assert.True(compared >= 1, $"only {compared} messages compared");
    }

    [CorpusTheory]
    [InlineData(0, ".nn.txt")]
    [InlineData(1, ".v.txt")]
    public void Corpus_messages_print_as_tcpdump_prints_them(int verbosity, string suffix)
    {
        // IGMP_V1, IGMP_V2, igmpv3-queries, mtrace.
        int compared = StandalonePrinterComparison.Compare(Corpus.CoreCaptures(), suffix,
            (l, f, _) => Render(l, f, new IgmpPrintContext { Verbosity = verbosity }));
        Assert.True(compared >= 10, $"only {compared} messages compared");
    }
}
