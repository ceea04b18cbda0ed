using System.Text;
using System.Text.RegularExpressions;
using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Support;

/// <summary>
/// Prints capture records with <see cref="TcpdumpPrinter"/> and compares them, packet by packet
/// and line by line, with tcpdump's saved output (timestamps stripped from both sides).
/// </summary>
internal static partial class TcpdumpComparison
{
    [GeneratedRegex(@"^(\d+\.\d{6}|\[Error converting time\]) ")]
    private static partial Regex TimestampPrefix();

    public sealed record Result(int Lines, int Identical, List<string> Differences);

    /// <summary>Splits tcpdump output into packets: each starts at a line with a timestamp.</summary>
    public static List<List<string>> SplitPackets(IEnumerable<string> lines)
    {
        var packets = new List<List<string>>();
        foreach (string line in lines)
        {
            Match m = TimestampPrefix().Match(line);
            if (m.Success) packets.Add([line[m.Length..]]);
            else if (packets.Count > 0) packets[^1].Add(line);
        }
        return packets;
    }

    /// <summary>The printer's lines for one record (without timestamps).</summary>
    public static List<string> Print(TcpdumpPrinter printer, CaptureRecord record)
    {
        printer.Output.Clear();
        printer.PrintPacket(record.LinkType, record.Data, record.OriginalLength);
        return printer.Output.ToString().Split('\n').ToList();
    }

    public static Result Compare(string name, IReadOnlyList<CaptureRecord> records, IEnumerable<string> expectedLines, FormatOptions options)
    {
        List<List<string>> expected = SplitPackets(expectedLines);
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, options);
        int lines = 0, identical = 0;
        var differences = new List<string>();
        for (int i = 0; i < expected.Count; i++)
        {
            List<string> mine = i < records.Count ? Print(printer, records[i]) : [];
            for (int l = 0; l < expected[i].Count; l++)
            {
                lines++;
                string actual = l < mine.Count ? mine[l] : "<missing>";
                if (actual == expected[i][l]) identical++;
                else differences.Add($"{name} #{i + 1}.{l}\n  exp: {expected[i][l]}\n  got: {actual}");
            }
        }
        return new Result(lines, identical, differences);
    }

    public static string Report(IEnumerable<Result> results, string path)
    {
        int lines = 0, identical = 0;
        var all = new StringBuilder();
        foreach (Result r in results)
        {
            lines += r.Lines;
            identical += r.Identical;
            foreach (string d in r.Differences) all.AppendLine(d);
        }
        File.WriteAllText(path, all.ToString());
        return $"{identical}/{lines} lines identical ({(lines == 0 ? 100 : 100.0 * identical / lines):F1}%)";
    }
}
