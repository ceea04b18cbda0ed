using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;
using Xunit.Abstractions;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// Captures of ordinary traffic from a real Linux stack (tests/fresh-captures/make.sh: ping,
/// fragmented ping, ND, ARP, DNS, HTTP, traceroute, IGMP/MLD) against tcpdump's output saved
/// beside them.
/// </summary>
public class FreshCaptureTests(ITestOutputHelper log)
{
    // Every line matches (198 with -nn, 389 with -v, since the saved text was regenerated with
    // make.sh's own tcpdump -r commands for issue 13: it lacked the last packets of both captures,
    // which only the count of our extra lines revealed): any difference is a regression.
    public static TheoryData<string, int, double> Cases => new()
    {
        { ".nn.txt", 0, 100.0 },
        { ".v.txt", 1, 100.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_tcpdump(string suffix, int verbosity, double bar)
    {
        string folder = Path.Combine(Corpus.RepositoryRoot ?? throw new InvalidOperationException("repository root not found"), "tests", "fresh-captures");
        var results = new List<TcpdumpComparison.Result>();
        foreach (string capture in Directory.EnumerateFiles(folder, "*.pcap").Order(StringComparer.Ordinal))
        {
            results.Add(TcpdumpComparison.Compare(Path.GetFileName(capture), CaptureFileReader.Read(capture),
                File.ReadLines(capture + suffix), new FormatOptions { NumericPorts = true, Verbosity = verbosity }));
        }
        string path = Path.Combine(Path.GetTempPath(), $"sockscope-wire-fresh{suffix}");
        string summary = TcpdumpComparison.Report(results, path);
        log.WriteLine($"{suffix}: {summary}; differences in {path}");
        int lines = results.Sum(r => r.Lines), identical = results.Sum(r => r.Identical);
        Assert.True(lines > 150, $"only {lines} lines");
        Assert.True(TcpdumpComparison.Percent(identical, lines) >= bar, $"{suffix}: {summary}; see {path}");
    }
}
