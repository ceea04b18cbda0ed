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
        Assert.True(lines > 0, "no expected output found");
        double percent = 100.0 * identical / lines;
        Assert.True(percent >= bar, $"{suffix}: {summary}, below the {bar}% bar; see {path}");
    }
}
