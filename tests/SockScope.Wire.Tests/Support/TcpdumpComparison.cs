using System.Text;
using System.Text.RegularExpressions;
using SockScope.Wire.Decoding;
using SockScope.Wire.Formatting;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Tests.Support;

/// <summary>
/// Prints capture records with the library's <see cref="TcpdumpLineWriter"/> (the whole line as
/// tcpdump prints it: decoded text, the -x/-X/-A dump, the marker of a record with invalid lengths)
/// and compares them, packet by packet and line by line, with tcpdump's saved output. Timestamps
/// are left out on both sides (the writer prints none; tcpdump's are stripped): this test reader
/// does not keep a file's raw out-of-range fractions, and the timestamp styles are compared whole
/// in TcpdumpUpstreamOutputTests. Lines only we print (an extra line in a packet, a packet tcpdump
/// does not have) count as differences.
/// </summary>
internal static partial class TcpdumpComparison
{
    [GeneratedRegex(@"^(\d+\.\d{6,}|\[Error converting time\]) ")]
    private static partial Regex TimestampPrefix();

    // tcpdump prints a record whose lengths are invalid as this marker alone, without a timestamp.
    private const string InvalidHeader = "[Invalid header: ";

    /// <summary>Line counts, overall and for packets whose innermost protocol this printer owns (not ICMP, IGMP or DNS).</summary>
    public sealed record Result(int Lines, int Identical, int OwnLines, int OwnIdentical, List<string> Differences);

    /// <summary>True when the packet ends in ICMP, ICMPv6, IGMP or DNS, whose printers are written separately.</summary>
    public static bool UsesApplicationPrinters(CaptureRecord record)
    {
        PacketDecoder.Decode(record.LinkType, record.Data, out DecodedPacket decoded);
        if (decoded.Contains(LayerKind.Icmp) || decoded.Contains(LayerKind.Icmpv6) || decoded.Contains(LayerKind.Igmp)) return true;
        if (decoded.StopLayer is LayerKind.Icmp or LayerKind.Icmpv6 or LayerKind.Igmp) return true;
        foreach (LayerKind kind in (ReadOnlySpan<LayerKind>)[LayerKind.Udp, LayerKind.Tcp])
        {
            if (!decoded.TryFind(kind, out Layer layer) || layer.HeaderOf(record.Data).Length < 4) continue;
            ReadOnlySpan<byte> h = layer.HeaderOf(record.Data);
            int sport = h[0] << 8 | h[1], dport = h[2] << 8 | h[3];
            if (sport is 53 or 5353 || dport is 53 or 5353) return true;
        }
        return false;
    }

    /// <summary>
    /// Splits tcpdump output into packets: each starts at a line with a timestamp (stripped here), or
    /// at the marker of a record with invalid lengths, which tcpdump prints without one.
    /// </summary>
    public static List<List<string>> SplitPackets(IEnumerable<string> lines)
    {
        var packets = new List<List<string>>();
        foreach (string line in lines)
        {
            Match m = TimestampPrefix().Match(line);
            if (m.Success) packets.Add([line[m.Length..]]);
            else if (line.StartsWith(InvalidHeader, StringComparison.Ordinal)) packets.Add([line]);
            else if (packets.Count > 0) packets[^1].Add(line);
        }
        return packets;
    }

    /// <summary>A line writer for <paramref name="options"/>, without timestamps (they are compared elsewhere).</summary>
    public static TcpdumpLineWriter Writer(Utf8Builder output, FormatOptions options) =>
        new(output, new TcpdumpLineOptions { Format = options, Timestamps = TimestampStyle.None });

    /// <summary>The writer's lines for one record (<paramref name="number"/> counts from 1).</summary>
    public static List<string> Print(TcpdumpLineWriter writer, CaptureRecord record, long number)
    {
        writer.Output.Clear();
        writer.Write(record.LinkType, record.Data, record.OriginalLength, record.TimestampNanoseconds, number);
        List<string> lines = writer.Output.ToString().Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);   // the final newline
        return lines;
    }

    public static Result Compare(string name, IReadOnlyList<CaptureRecord> records, IEnumerable<string> expectedLines, FormatOptions options)
    {
        List<List<string>> expected = SplitPackets(expectedLines);
        using var output = new Utf8Builder();
        TcpdumpLineWriter writer = Writer(output, options);
        int lines = 0, identical = 0, ownLines = 0, ownIdentical = 0;
        var differences = new List<string>();
        for (int i = 0; i < Math.Max(expected.Count, records.Count); i++)
        {
            List<string> theirs = i < expected.Count ? expected[i] : [];
            List<string> mine = i < records.Count ? Print(writer, records[i], i + 1) : [];
            bool own = i < records.Count && !UsesApplicationPrinters(records[i]);
            for (int l = 0; l < Math.Max(theirs.Count, mine.Count); l++)
            {
                lines++;
                if (own) ownLines++;
                string want = l < theirs.Count ? theirs[l] : "<none: a line only we print>";
                string actual = l < mine.Count ? mine[l] : "<missing>";
                if (actual == want)
                {
                    identical++;
                    if (own) ownIdentical++;
                }
                else differences.Add($"{name} #{i + 1}.{l}{(own ? " [own]" : "")}\n  exp: {want}\n  got: {actual}");
            }
        }
        return new Result(lines, identical, ownLines, ownIdentical, differences);
    }

    public static string Report(IEnumerable<Result> results, string path)
    {
        int lines = 0, identical = 0, ownLines = 0, ownIdentical = 0;
        var all = new StringBuilder();
        foreach (Result r in results)
        {
            lines += r.Lines;
            identical += r.Identical;
            ownLines += r.OwnLines;
            ownIdentical += r.OwnIdentical;
            foreach (string d in r.Differences) all.AppendLine(d);
        }
        File.WriteAllText(path, all.ToString());
        return $"{identical}/{lines} lines identical ({Percent(identical, lines):F1}%); "
            + $"without ICMP/IGMP/DNS packets {ownIdentical}/{ownLines} ({Percent(ownIdentical, ownLines):F1}%)";
    }

    public static double Percent(int part, int whole) => whole == 0 ? 100 : 100.0 * part / whole;
}
