using System.Security.Cryptography;
using System.Text;
using SockScope.TestSupport;
using SockScope.Wire;
using Xunit.Abstractions;

namespace SockScope.Filter.Tests;

/// <summary>
/// The bar: for every expression of Expectations/filter-expressions.txt and every capture group (corpus
/// captures plus tests/filter-captures, grouped by link type), the packets SockScope's program accepts
/// are exactly those tcpdump printed when scripts/filter-expectations.sh ran; what tcpdump rejects,
/// SockScope rejects; programs stay within 1.5 times libpcap's optimised length. Runs from the committed
/// expectations, so tcpdump need not be installed.
/// </summary>
public sealed class FilterVerdictTests(ITestOutputHelper output)
{
    private static string ExpectationsDirectory => Path.Combine(Corpus.RepositoryRoot!, "tests", "SockScope.Filter.Tests", "Expectations");

    private static List<string> Expressions() => File.ReadAllLines(Path.Combine(ExpectationsDirectory, "filter-expressions.txt"))
        .Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();

    private static string[][] Rows() => File.ReadAllLines(Path.Combine(ExpectationsDirectory, "filter-verdicts.tsv"))
        .Where(l => !l.StartsWith('#') && l.Length > 0).Select(l => l.Split('\t')).ToArray();

    [CorpusFact]
    public void AcceptedPacketsEqualTcpdumps()
    {
        List<string> expressions = Expressions();
        string[][] rows = Rows();
        var failures = new List<string>();
        int checkedCount = 0;
        foreach (string[] files in rows.Where(r => r[0] == "files"))
        {
            Assert.True(LinkTypeNames.TryParse(files[1], out LinkType linkType));
            var packets = new List<TestCaptures.Packet>();
            foreach (string name in files[3].Split(','))
            {
                string path = name.StartsWith("fresh/", StringComparison.Ordinal)
                    ? Path.Combine(Corpus.RepositoryRoot!, "tests", "filter-captures", name["fresh/".Length..])
                    : Path.Combine(Corpus.Directory!, name);
                packets.AddRange(TestCaptures.Read(path).Packets);
            }
            Assert.Equal(int.Parse(files[2]), packets.Count);

            foreach (string[] row in rows.Where(r => r[0] == "verdict" && r[1] == files[1]))
            {
                string expression = expressions[int.Parse(row[2])];
                checkedCount++;
                BpfProgram program;
                try
                {
                    program = FilterCompiler.Compile(expression, linkType);
                }
                catch (FilterSyntaxException e)
                {
                    if (row[3] != "ERR") failures.Add($"{files[1]} '{expression}': tcpdump accepts, SockScope rejects: {e.Message}");
                    continue;
                }
                if (row[3] == "ERR")
                {
                    failures.Add($"{files[1]} '{expression}': tcpdump rejects, SockScope accepts");
                    continue;
                }
                var matched = new List<int>();
                for (int i = 0; i < packets.Count; i++)
                {
                    if (program.Matches(packets[i].Data, packets[i].WireLength)) matched.Add(i);
                }
                string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', matched))))[..16];
                if (matched.Count != int.Parse(row[3]) || hash != row[4])
                    failures.Add($"{files[1]} '{expression}': tcpdump kept {row[3]} packets, SockScope {matched.Count}");
            }
        }
        output.WriteLine($"{checkedCount} expression x capture-group checks, {failures.Count} differ");
        foreach (string f in failures) output.WriteLine(f);
        Assert.True(checkedCount >= 150 * 3, "too few checks: regenerate the expectations");
        Assert.Empty(failures);
    }

    [Fact]
    public void ProgramsAreWithinOneAndAHalfTimesLibpcapsLength()
    {
        List<string> expressions = Expressions();
        var ratios = new List<double>();
        var failures = new List<string>();
        foreach (string[] row in Rows().Where(r => r[0] == "length"))
        {
            Assert.True(LinkTypeNames.TryParse(row[1], out LinkType linkType));
            string expression = expressions[int.Parse(row[2])];
            int? ours;
            try
            {
                ours = FilterCompiler.Compile(expression, linkType).Length;
            }
            catch (FilterSyntaxException)
            {
                ours = null;
            }
            if (row[3] == "ERR")
            {
                if (ours is not null) failures.Add($"{row[1]} '{expression}': libpcap rejects, SockScope compiles");
                continue;
            }
            if (ours is null)
            {
                failures.Add($"{row[1]} '{expression}': libpcap compiles, SockScope rejects");
                continue;
            }
            double ratio = (double)ours.Value / int.Parse(row[3]);
            ratios.Add(ratio);
            if (ratio > 1.5) failures.Add($"{row[1]} '{expression}': {ours} instructions, libpcap {row[3]}");
        }
        ratios.Sort();
        output.WriteLine($"programs: {ratios.Count}; ours/libpcap length: min {ratios[0]:F2}, median {ratios[ratios.Count / 2]:F2}, " +
            $"p90 {ratios[(int)(ratios.Count * 0.9)]:F2}, max {ratios[^1]:F2}; " +
            $"shorter {ratios.Count(r => r < 1)}, equal {ratios.Count(r => r == 1)}, longer {ratios.Count(r => r > 1)}");
        foreach (string f in failures) output.WriteLine(f);
        Assert.Empty(failures);
    }
}
