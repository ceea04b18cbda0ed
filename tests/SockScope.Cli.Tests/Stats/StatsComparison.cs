using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SockScope.Cli.Tests.Stats;

/// <summary>
/// Runs `tshark -q -r F -z SPEC...` once per capture (all specs at once), cuts its output into
/// blocks (tshark prints the last spec first) and compares each with the in-process
/// `sockscope stats` rendering of the same spec. scripts/stats-compare.sh does the same over
/// processes for the whole corpus.
/// </summary>
internal static class StatsComparison
{
    /// <summary>Protocol names `io,phs` prints; tshark's deeper names are cut for the "normalized" comparison.</summary>
    private static readonly HashSet<string> Known = ["eth", "vlan", "sll", "null", "raw", "arp", "ip", "ipv6", "tcp", "udp", "icmp", "icmpv6", "igmp"];

    public sealed record Result(string File, string Spec, bool Identical, string? Expected, string? Actual);

    public static IReadOnlyList<Result> Compare(string capture, IReadOnlyList<string> specs, bool normalizePhs)
    {
        string tshark = RunTshark(capture, specs);
        string ours = Commands.StatsCommand.RenderFile(capture, specs);
        Dictionary<string, string> expected = Split(tshark, specs);
        Dictionary<string, string> actual = Split(ours, specs);
        var results = new List<Result>();
        foreach (string spec in specs)
        {
            expected.TryGetValue(spec, out string? e);
            actual.TryGetValue(spec, out string? a);
            if (normalizePhs && spec == "io,phs" && e is not null) e = KnownProtocolsOnly(e);
            results.Add(new Result(Path.GetFileName(capture), spec, e is not null && e == a, e, a));
        }
        return results;
    }

    private static string RunTshark(string capture, IReadOnlyList<string> specs)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-q", "-r", capture }) start.ArgumentList.Add(a);
        foreach (string spec in specs)
        {
            start.ArgumentList.Add("-z");
            start.ArgumentList.Add(spec);
        }
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000)) process.Kill();
        _ = stderr.Result;
        return output;
    }

    /// <summary>Blocks by spec: the i-th block from the top belongs to the i-th spec from the end.</summary>
    public static Dictionary<string, string> Split(string text, IReadOnlyList<string> specs)
    {
        string[] lines = text.Split('\n');
        var starts = new List<int>();
        for (int i = 0; i < lines.Length; i++)
        {
            string next = i + 1 < lines.Length ? lines[i + 1] : "";
            bool rule = lines[i].Length > 0 && lines[i].All(c => c == '=');
            if (rule && (next.EndsWith(" Conversations", StringComparison.Ordinal) || next.EndsWith(" Endpoints", StringComparison.Ordinal)))
                starts.Add(i);
            else if (lines[i].Length == 0 && i + 2 < lines.Length && next.Length > 0 && next.All(c => c == '=')
                && (lines[i + 2].StartsWith("| IO Statistics", StringComparison.Ordinal) || lines[i + 2] == "Protocol Hierarchy Statistics"
                    || lines[i + 2].StartsWith("Follow: ", StringComparison.Ordinal)))
                starts.Add(i);
        }
        var blocks = new Dictionary<string, string>();
        if (starts.Count != specs.Count) return blocks;
        for (int k = 0; k < starts.Count; k++)
        {
            int end = k + 1 < starts.Count ? starts[k + 1] : lines.Length;
            blocks[specs[specs.Count - 1 - k]] = string.Join('\n', lines[starts[k]..end]);
        }
        return blocks;
    }

    /// <summary>tshark's io,phs without the protocols SockScope does not decode (and what is below them).</summary>
    public static string KnownProtocolsOnly(string block)
    {
        var output = new StringBuilder();
        int? skipBelow = null;
        foreach (string line in block.Split('\n'))
        {
            Match m = Regex.Match(line, "^( *)(\\S+) +frames:");
            if (!m.Success)
            {
                output.Append(line).Append('\n');
                continue;
            }
            int depth = m.Groups[1].Value.Length / 2;
            if (skipBelow is int s && depth > s) continue;
            skipBelow = null;
            if (!Known.Contains(m.Groups[2].Value))
            {
                skipBelow = depth;
                continue;
            }
            output.Append(line).Append('\n');
        }
        return output.ToString()[..^1];
    }
}
