using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;
using Xunit.Abstractions;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// Prints every core capture of the corpus and compares with tcpdump 4.99.3's own output
/// (.nn.txt for -nn, .v.txt for -nn -v). Differences go to a file in the temp folder, so that the
/// remaining causes can be read and counted.
/// </summary>
public class TcpdumpCorpusTests(ITestOutputHelper log)
{
    // The bars the issue sets for the whole printer (ICMP, IGMP and DNS are printed by another part).
    private const double OneLineBar = 95.0;
    private const double VerboseBar = 85.0;

    [CorpusFact]
    public void One_line_output_matches_tcpdump() =>
        Check(".nn.txt", new FormatOptions { NumericPorts = true }, OneLineBar, "sockscope-wire-diff-nn.txt");

    [CorpusFact]
    public void Verbose_output_matches_tcpdump() =>
        Check(".v.txt", new FormatOptions { NumericPorts = true, Verbosity = 1 }, VerboseBar, "sockscope-wire-diff-v.txt");

    private void Check(string suffix, FormatOptions options, double bar, string diffName)
    {
        var results = new List<TcpdumpComparison.Result>();
        foreach (string capture in Corpus.CoreCaptures())
        {
            string expected = capture + suffix;
            if (!File.Exists(expected)) continue;
            results.Add(TcpdumpComparison.Compare(Path.GetFileName(capture), CaptureFileReader.Read(capture), File.ReadLines(expected), options));
        }
        string path = Path.Combine(Path.GetTempPath(), diffName);
        string summary = TcpdumpComparison.Report(results, path);
        log.WriteLine($"{suffix}: {summary}; differences in {path}");
        int lines = results.Sum(r => r.Lines), identical = results.Sum(r => r.Identical);
        int ownLines = results.Sum(r => r.OwnLines), ownIdentical = results.Sum(r => r.OwnIdentical);
        Assert.True(ownLines > 100, "no expected output found");
        // Link, ARP, IP, TCP and UDP lines are this printer's own: they must clear the bar alone.
        Assert.True(TcpdumpComparison.Percent(ownIdentical, ownLines) >= bar, $"{suffix}: {summary}, below the {bar}% bar; see {path}");
        // The whole output clears it too once the ICMP/IGMP/DNS printers are in (their placeholders print "igmp").
        if (ApplicationPrintersPresent())
            Assert.True(TcpdumpComparison.Percent(identical, lines) >= bar, $"{suffix}: {summary}, below the {bar}% bar; see {path}");
    }

    private static bool ApplicationPrintersPresent()
    {
        // An IGMPv2 report for 224.0.0.251 and an ICMPv6 echo request, in raw IP packets.
        byte[] igmp = Convert.FromHexString("4500001c00000000010200000a5a00010a5a0002" + "1600fa04e00000fb");
        byte[] icmp6 = Convert.FromHexString("6000000000083a40" + "fd900000000000000000000000000001" + "fd900000000000000000000000000002"
            + "8000000000010001");
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true });
        printer.PrintPacket(LinkType.Raw, igmp, igmp.Length);
        printer.PrintPacket(LinkType.Raw, icmp6, icmp6.Length);
        string text = output.ToString();
        return text.Contains("report", StringComparison.Ordinal) && text.Contains("echo request", StringComparison.Ordinal);
    }
}
