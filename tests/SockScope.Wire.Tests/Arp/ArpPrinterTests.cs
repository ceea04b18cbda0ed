using System.Buffers.Binary;
using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Icmp;

namespace SockScope.Wire.Tests.Arp;

/// <summary>
/// <see cref="ArpPrinter"/> on its own: ARP messages cut out of their frames here (not by the
/// library's decoder), printed with no TcpdumpPrinter around them and compared with tcpdump
/// 4.99.3's text for the same frames.
/// </summary>
public sealed class ArpPrinterTests
{
    // The ARP part of Ethernet frames; tcpdump -nn [-v|-e] -tt printed the lines below for them.
    private const string Request = "0001080006040001" + "020000000001" + "0a5a0001" + "000000000000" + "0a5a0002";
    private const string ReverseRequest = "0001080006040003" + "020000000001" + "00000000" + "020000000001" + "00000000";
    private const string UnknownOperation = "0001080006040005" + "020000000001" + "0a5a0001" + "000000000000" + "0a5a0002";
    private const string Reply = "0001080006040002" + "020000000002" + "0a5a0002" + "020000000001" + "0a5a0001";

    private static string Print(string hex, ArpPrintContext context, int? length = null)
    {
        byte[] message = Convert.FromHexString(hex);
        using var text = new Utf8Builder(1024);
        ArpPrinter.Print(message, length ?? message.Length, text, context);
        return text.ToString();
    }

    [Fact]
    public void A_request_names_the_types_only_on_v()
    {
        Assert.Equal("ARP, Request who-has 10.90.0.2 tell 10.90.0.1, length 28", Print(Request, new ArpPrintContext()));
        Assert.Equal("ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 10.90.0.2 tell 10.90.0.1, length 28",
            Print(Request, new ArpPrintContext { Verbosity = 1 }));
    }

    [Fact]
    public void After_the_e_link_header_the_message_does_not_name_arp_again()
    {
        Assert.Equal("Request who-has 10.90.0.2 tell 10.90.0.1, length 28", Print(Request, new ArpPrintContext { LinkHeader = true }));
        Assert.Equal("Request who-has 10.90.0.2 tell 10.90.0.1, length 28", Print(Request, ArpPrintContext.From(new FormatOptions { LinkHeader = true })));
    }

    [Fact]
    public void The_length_is_what_followed_the_link_header_padding_included()
    {
        // A reply in a 60-byte Ethernet frame: 46 bytes after the header, 28 of them ARP.
        Assert.Equal("ARP, Reply 10.90.0.2 is-at 02:00:00:00:00:02, length 46", Print(Reply + new string('0', 36), new ArpPrintContext()));
        Assert.Equal("ARP, Reply 10.90.0.2 is-at 02:00:00:00:00:02, length 46", Print(Reply, new ArpPrintContext(), length: 46));
    }

    [Fact]
    public void Reverse_and_unknown_operations()
    {
        Assert.Equal("ARP, Reverse Request who-is 02:00:00:00:00:01 tell 02:00:00:00:00:01, length 28", Print(ReverseRequest, new ArpPrintContext()));
        Assert.Equal("ARP, Ethernet (len 6), IPv4 (len 4), Unknown (5) \n"
            + "\t0x0000:  0001 0800 0604 0005 0200 0000 0001 0a5a  ...............Z\n"
            + "\t0x0010:  0001 0000 0000 0000 0a5a 0002            .........Z..",
            Print(UnknownOperation, new ArpPrintContext { Verbosity = 1 }));
    }

    [Fact]
    public void A_message_cut_inside_its_addresses_is_marked()
    {
        Assert.Equal(" [|arp]", Print(Request[..40], new ArpPrintContext(), length: 28));
        Assert.Equal(" [|arp]", Print("", new ArpPrintContext(), length: 28));
    }

    /// <summary>The ARP message of an Ethernet, Linux cooked (v1, v2) frame, and tcpdump's length for it; false for other frames.</summary>
    private static bool TryFindArp(int linkType, byte[] frame, int originalLength, out int start, out int length)
    {
        start = length = 0;
        int type;
        switch (linkType)
        {
            case 1:
                start = 12;
                while (start + 2 <= frame.Length && BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(start)) is 0x8100 or 0x88a8) start += 4;
                if (start + 2 > frame.Length) return false;
                type = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(start));
                start += 2;
                break;
            case 113:
                if (frame.Length < 16) return false;
                type = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(14));
                start = 16;
                break;
            case 276:
                if (frame.Length < 20) return false;
                type = BinaryPrimitives.ReadUInt16BigEndian(frame);
                start = 20;
                break;
            default:
                return false;
        }
        length = originalLength - start;
        return type is 0x0806 or 0x8035;
    }

    private static string? Render(int linkType, byte[] frame, int originalLength, ArpPrintContext context)
    {
        if (!TryFindArp(linkType, frame, originalLength, out int start, out int length)) return null;
        using var text = new Utf8Builder(1024);
        ArpPrinter.Print(frame.AsSpan(start), length, text, context);
        return text.ToString();
    }

    [Theory]
    [InlineData(".nn.txt", 0, false)]
    [InlineData(".v.txt", 1, false)]
    [InlineData(".e.txt", 0, true)]
    [InlineData(".q.txt", 0, false)]
    public void Messages_of_the_fixture_and_fresh_captures_print_as_tcpdump_prints_them(string suffix, int verbosity, bool linkHeader)
    {
        string root = Corpus.RepositoryRoot ?? throw new InvalidOperationException("repository root not found");
        string[] captures =
        [
            Path.Combine(root, "tests", "SockScope.Wire.Tests", "Formatting", "Fixtures", "ipv4-crafted.pcap"),
            Path.Combine(root, "tests", "fresh-captures", "fresh.pcap"),
            Path.Combine(root, "tests", "fresh-captures", "router-any.pcap"),
        ];
        var context = new ArpPrintContext { Verbosity = verbosity, LinkHeader = linkHeader };
        int compared = StandalonePrinterComparison.Compare(captures, suffix, (l, f, o) => Render(l, f, o, context));
        // ipv4-crafted has two ARP frames in each text; the fresh captures have .nn and .v only.
        Assert.True(compared >= 2, $"only {compared} messages compared");
    }

    [CorpusTheory]
    [InlineData(".nn.txt", 0)]
    [InlineData(".v.txt", 1)]
    public void Corpus_messages_print_as_tcpdump_prints_them(string suffix, int verbosity)
    {
        // getname_2_read4_asan: unknown hardware and protocol with zero-length addresses, a record far longer than captured.
        int compared = StandalonePrinterComparison.Compare(Corpus.CoreCaptures(), suffix,
            (l, f, o) => Render(l, f, o, new ArpPrintContext { Verbosity = verbosity }));
        Assert.True(compared >= 1, $"only {compared} messages compared");
    }
}
