using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>MPLS label stacks printed as tcpdump 4.99.3 prints them (expected text from the installed tcpdump).</summary>
public class MplsPrinterTests
{
    private const string Mac = "020000000002020000000001";
    private const string Udp4 = "4500001c0001000040110000c0a80001c0a8000204d2162e00080000";
    private const string Icmp6 = "6000000000083a40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "8000000000010001";
    private const string Udp4Text = "IP 192.168.0.1.1234 > 192.168.0.2.5678: UDP, length 0";
    private const string Udp4VerboseText = "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 28, bad cksum 0 (->f97c)!)\n    192.168.0.1.1234 > 192.168.0.2.5678: UDP, length 0";
    // Labels 1 (router alert), 3 (implicit null), 7, 15 (bottom).
    private const string ReservedStack = "00001040" + "00003001" + "00007001" + "0000f101";

    private static string Print(string payload, int verbosity = 0, bool linkHeader = false, int extraWireBytes = 0)
    {
        byte[] frame = Convert.FromHexString(Mac + "8847" + payload);
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, Verbosity = verbosity, LinkHeader = linkHeader });
        printer.PrintPacket(LinkType.Ethernet, frame, frame.Length + extraWireBytes);
        return output.ToString();
    }

    [Theory]
    [InlineData("00000140" + Udp4, "MPLS (label 0, tc 0, [S], ttl 64) " + Udp4Text)]
    [InlineData("00002340" + Icmp6, "MPLS (label 2, tc 1, [S], ttl 64) IP6 2001:db8::1 > 2001:db8::2: ICMP6, echo request, id 1, seq 1, length 8")]
    [InlineData(ReservedStack + Udp4, "MPLS (label 1, tc 0, ttl 64) (label 3, tc 0, ttl 1) (label 7, tc 0, ttl 1) (label 15, tc 0, [S], ttl 1) " + Udp4Text)]
    [InlineData("00064140" + "00000000" + "abababababababababababababababababababab",
        "MPLS (label 100, tc 0, [S], ttl 64)\n\t0x0000:  0000 0000 abab abab abab abab abab abab  ................\n\t0x0010:  abab abab abab abab                      ........")]
    [InlineData("00064040" + "00005003" + "0102", "MPLS (label 100, tc 0, ttl 64) (label 5, tc 0, ttl 3) (invalid)")]
    [InlineData("00000140", "MPLS (label 0, tc 0, [S], ttl 64)  [|ip]")]
    [InlineData("00010140" + "45", "MPLS (label 16, tc 0, [S], ttl 64) IP  [|ip]")]
    public void Default_form(string payload, string expected) => Assert.Equal(expected, Print(payload));

    [Fact]
    public void Cut_by_the_snapshot_length_is_mpls_truncated_not_invalid() =>
        Assert.Equal("MPLS (label 100, tc 0, ttl 64) [|mpls]", Print("00064040" + "0102", extraWireBytes: 80));

    [Fact]
    public void Verbose_puts_each_entry_on_a_line_and_names_reserved_labels()
    {
        Assert.Equal("MPLS (label 1 (router alert), tc 0, ttl 64)\n\t(label 3 (implicit NULL), tc 0, ttl 1)\n\t(label 7 (rsvd), tc 0, ttl 1)\n\t(label 15 (rsvd), tc 0, [S], ttl 1)\n\t"
            + Udp4VerboseText, Print(ReservedStack + Udp4, verbosity: 1));
        Assert.Equal("MPLS (label 2 (IPv6 explicit NULL), tc 1, [S], ttl 64)\n\tIP6 (hlim 64, next-header ICMPv6 (58) payload length: 8) 2001:db8::1 > 2001:db8::2: [bad icmp6 cksum 0x0000 -> 0x2446!] ICMP6, echo request, id 1, seq 1",
            Print("00002340" + Icmp6, verbosity: 1));
        Assert.Equal("MPLS (label 0 (IPv4 explicit NULL), tc 0, [S], ttl 64)\n\t [|ip]", Print("00000140", verbosity: 1));
    }

    [Fact]
    public void Link_header_form_names_the_ethertype_and_drops_the_ip_prefix() =>
        Assert.Equal("02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype MPLS unicast (0x8847), length 46: MPLS (label 0, tc 0, [S], ttl 64) 192.168.0.1.1234 > 192.168.0.2.5678: UDP, length 0",
            Print("00000140" + Udp4, linkHeader: true));

    private static string PrintRobustnessCapture(string name, int verbosity, bool linkHeader)
    {
        string capture = Corpus.AllCaptures().First(p => Path.GetFileName(p) == name);
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, Verbosity = verbosity, LinkHeader = linkHeader });
        foreach (var packet in CaptureFileReader.Read(capture)) printer.PrintPacket(packet.LinkType, packet.Data, packet.OriginalLength);
        return output.ToString();
    }

    [CorpusTheory]
    // tcpdump -nn [-v|-e] -r robustness/mpls-label-heapoverflow.pcap: 8 bytes of a 262144-byte frame captured.
    [InlineData("mpls-label-heapoverflow.pcap", 0, false, "MPLS (label 197379, tc 0, ttl 48) (label 197387, tc 5, [S], ttl 48) [|mpls]")]
    [InlineData("mpls-label-heapoverflow.pcap", 1, false, "MPLS (label 197379, tc 0, ttl 48)\n\t(label 197387, tc 5, [S], ttl 48) [|mpls]")]
    [InlineData("mpls-label-heapoverflow.pcap", 0, true,
        "30:30:30:30:30:30 > 30:30:30:30:30:30, ethertype MPLS multicast (0x8848), length 262144: MPLS (label 197379, tc 0, ttl 48) (label 197387, tc 5, [S], ttl 48) [|mpls]")]
    public void Corpus_capture_prints_as_tcpdump(string name, int verbosity, bool linkHeader, string expected) =>
        Assert.Equal(expected, PrintRobustnessCapture(name, verbosity, linkHeader));

    [CorpusTheory]
    // tok2str-oobr-2.pcap carries LSP ping (UDP 3503), which the printer does not decode: the MPLS and IP parts must match.
    [InlineData(0, false, "MPLS (label 16006, tc 0, [S], ttl 255) IP 192.168.0.1.3503 > 127.0.0.1.3503: ")]
    [InlineData(1, false, "MPLS (label 16006, tc 0, [S], ttl 255)\n\tIP (tos 0x0, ttl 1, id 32770, offset 0, flags [DF, rsvd], proto UDP (17), length 112, options (RA), bad cksum a4cc (->a4cb)!)\n    192.168.0.1.3503 > 127.0.0.1.3503: ")]
    [InlineData(0, true, "01:01:01:01:01:01 > 02:02:02:02:02:02, ethertype MPLS unicast (0x8847), length 130: MPLS (label 16006, tc 0, [S], ttl 255) 192.168.0.1.3503 > 127.0.0.1.3503: ")]
    public void Corpus_capture_prints_the_mpls_and_ip_parts_as_tcpdump(int verbosity, bool linkHeader, string expectedStart) =>
        Assert.StartsWith(expectedStart, PrintRobustnessCapture("tok2str-oobr-2.pcap", verbosity, linkHeader));
}
