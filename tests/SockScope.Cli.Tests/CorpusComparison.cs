using System.Text;
using SockScope.Files;
using SockScope.TestSupport;
using SockScope.Wire.Formatting;

namespace SockScope.Cli.Tests;

/// <summary>
/// Prints every core capture in-process with the library's <see cref="TcpdumpLineWriter"/> (as
/// `sockscope read -nn -tt [-v]` does; <see cref="CorpusComparisonTests"/> checks that the two
/// print the same) and compares it with tcpdump's own text (F.nn.txt, F.v.txt). Lines are compared packet by packet
/// (a packet is a line that starts in column 0 plus its indented continuation and dump lines), so
/// one extra line in one packet does not shift every later comparison. A packet counts as many
/// lines as the longer side has: a line we print that tcpdump does not is a difference too.
/// </summary>
internal static class CorpusComparison
{
    public sealed record FileResult(string Name, int Identical, int Total, string? Error, IReadOnlyList<(string? Expected, string? Actual)> Differences);

    public sealed record Summary(IReadOnlyList<FileResult> Files)
    {
        public int Identical => Files.Sum(f => f.Identical);
        public int Total => Files.Sum(f => f.Total);
        public double Percent => Total == 0 ? 0 : 100.0 * Identical / Total;
        public int IdenticalFiles => Files.Count(f => f.Identical == f.Total && f.Error is null);
    }

    /// <summary>Compares all core captures at -v level <paramref name="verbose"/> (0: F.nn.txt, 1: F.v.txt).</summary>
    public static Summary Run(bool verbose)
    {
        var results = new List<FileResult>();
        foreach (string capture in Corpus.CoreCaptures())
        {
            string expectedPath = capture + (verbose ? ".v.txt" : ".nn.txt");
            if (!File.Exists(expectedPath)) continue;
            results.Add(CompareFile(capture, File.ReadAllText(expectedPath), verbose));
        }
        return new Summary(results);
    }

    public static FileResult CompareFile(string capture, string expectedText, bool verbose)
    {
        string name = Path.GetFileName(capture);
        var options = new DisplayOptions { Timestamps = TimestampStyle.Epoch, Numeric = 2, Verbosity = verbose ? 1 : 0 };
        string actualText;
        string? error = null;
        try
        {
            actualText = PrintWithLibrary(capture, options);
        }
        catch (Exception e) when (e is CaptureFileException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            actualText = "";
            error = e.GetType().Name + ": " + e.Message;
        }
        List<List<string>> expected = SplitPackets(expectedText);
        List<List<string>> actual = SplitPackets(actualText);
        int identical = 0, total = 0;
        var differences = new List<(string?, string?)>();
        for (int p = 0; p < Math.Max(expected.Count, actual.Count); p++)
        {
            List<string> e = p < expected.Count ? expected[p] : [];
            List<string> a = p < actual.Count ? actual[p] : [];
            total += Math.Max(e.Count, a.Count);
            for (int i = 0; i < Math.Max(e.Count, a.Count); i++)
            {
                string? el = i < e.Count ? e[i] : null;
                string? al = i < a.Count ? a[i] : null;
                if (el is not null && el == al) identical++;
                else differences.Add((el, al));
            }
        }
        return new FileResult(name, identical, total, error, differences);
    }

    /// <summary>
    /// A file's lines as the library writes them: each record cut at the snapshot length as libpcap
    /// hands it to tcpdump (the tool's <see cref="SnapshotCut"/>, which needs SockScope.Files), then
    /// <see cref="TcpdumpLineWriter"/> with the line options of <paramref name="options"/>, local time in UTC.
    /// </summary>
    public static string PrintWithLibrary(string capture, DisplayOptions options)
    {
        using CaptureFileReader reader = CaptureFileReader.Open(capture);
        using var text = new Utf8Builder();
        var writer = new TcpdumpLineWriter(text, options.ToLineOptions(TimeZoneInfo.Utc));
        int cut = SnapshotCut.For(reader);
        long number = 0;
        while (reader.TryRead(out CaptureRecord record))
        {
            writer.Write(record.LinkType, SnapshotCut.Apply(record.Data, cut), record.OriginalLength, record.TimestampNanoseconds, ++number,
                default, record.InvalidFraction, record.InvalidFractionInNanoseconds);
        }
        return text.ToString();
    }

    private static List<List<string>> SplitPackets(string text)
    {
        var packets = new List<List<string>>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            bool continuation = line[0] is ' ' or '\t';
            if (!continuation || packets.Count == 0) packets.Add([]);
            packets[^1].Add(line);
        }
        return packets;
    }

    /// <summary>The per-file table and the totals, as scripts/corpus-compare.sh prints them.</summary>
    public static string Report(Summary summary, bool verbose, string? diffName)
    {
        var text = new StringBuilder();
        text.Append(verbose ? "# -nn -tt -v against F.v.txt\n" : "# -nn -tt against F.nn.txt\n");
        foreach (FileResult f in summary.Files)
        {
            text.Append($"{f.Identical,5}/{f.Total,-5} {(f.Identical == f.Total && f.Error is null ? "ok  " : "DIFF")} {f.Name}");
            if (f.Error is not null) text.Append("  [").Append(f.Error).Append(']');
            text.Append('\n');
        }
        text.Append($"TOTAL lines identical: {summary.Identical}/{summary.Total} ({summary.Percent:F1}%), files identical: {summary.IdenticalFiles}/{summary.Files.Count}\n");
        if (diffName is not null)
        {
            FileResult? file = summary.Files.FirstOrDefault(f => f.Name == diffName || f.Name == diffName + ".pcap" || f.Name == diffName + ".pcapng");
            if (file is null) text.Append($"\nno core capture named {diffName}\n");
            else
            {
                text.Append($"\n# differences in {file.Name} (- tcpdump, + sockscope)\n");
                foreach ((string? e, string? a) in file.Differences)
                {
                    if (e is not null) text.Append("- ").Append(e).Append('\n');
                    if (a is not null) text.Append("+ ").Append(a).Append('\n');
                }
            }
        }
        return text.ToString();
    }
}
