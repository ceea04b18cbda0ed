using System.Diagnostics;
using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;
using Xunit.Abstractions;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// The flags the saved corpus output does not cover (-e, -q, -vv), checked against the tcpdump
/// installed here, run on the core captures at test time.
/// </summary>
public class TcpdumpFlagsTests(ITestOutputHelper log)
{
    public static TheoryData<string, string> Flags => new()
    {
        { "-e", "e" },
        { "-q", "q" },
        { "-vv", "vv" },
        { "-e -v", "ev" },
    };

    [CorpusTheory("tcpdump")]
    [MemberData(nameof(Flags))]
    public void Output_matches_the_installed_tcpdump(string flags, string name)
    {
        string tcpdump = Tools.Find("tcpdump")!;
        var options = new FormatOptions
        {
            NumericPorts = true,
            LinkHeader = flags.Contains('e'),
            Quiet = flags.Contains('q'),
            Verbosity = flags.Count(c => c == 'v'),
        };
        var results = new List<TcpdumpComparison.Result>();
        foreach (string capture in Corpus.CoreCaptures())
        {
            List<CaptureRecord> records = CaptureFileReader.Read(capture);
            if (records.Count == 0) continue;
            string expected = RunTcpdump(tcpdump, flags, capture);
            results.Add(TcpdumpComparison.Compare(Path.GetFileName(capture), records, expected.TrimEnd('\n').Split('\n'), options));
        }
        string path = Path.Combine(Path.GetTempPath(), $"sockscope-wire-diff-{name}.txt");
        string summary = TcpdumpComparison.Report(results, path);
        log.WriteLine($"{flags}: {summary}; differences in {path}");
        int ownLines = results.Sum(r => r.OwnLines), ownIdentical = results.Sum(r => r.OwnIdentical);
        Assert.True(ownLines > 100);
        Assert.True(TcpdumpComparison.Percent(ownIdentical, ownLines) >= 95, $"{flags}: {summary}; see {path}");
    }

    private static string RunTcpdump(string tcpdump, string flags, string capture)
    {
        var start = new ProcessStartInfo(tcpdump) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string f in flags.Split(' ')) start.ArgumentList.Add(f);
        foreach (string f in new[] { "-nn", "-tt", "-r", capture }) start.ArgumentList.Add(f);
        start.Environment["TZ"] = "UTC";
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        if (!process.WaitForExit(10_000)) process.Kill();
        return output;
    }
}
