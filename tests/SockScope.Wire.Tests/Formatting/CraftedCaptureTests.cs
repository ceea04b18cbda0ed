using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>The hand-made captures in Formatting/Fixtures against tcpdump's saved output, line for line.</summary>
public class CraftedCaptureTests
{
    [Theory]
    [InlineData(".nn.txt", 0, false)]
    [InlineData(".v.txt", 1, false)]
    [InlineData(".e.txt", 0, true)]
    [InlineData(".vv.txt", 2, false)]
    [InlineData(".q.txt", 0, false, true)]
    public void Output_is_identical_to_tcpdump(string suffix, int verbosity, bool linkHeader, bool quiet = false)
    {
        string folder = Path.Combine(Corpus.RepositoryRoot ?? throw new InvalidOperationException("repository root not found"),
            "tests", "SockScope.Wire.Tests", "Formatting", "Fixtures");
        var differences = new List<string>();
        int lines = 0;
        foreach (string capture in Directory.EnumerateFiles(folder, "*.pcap").Order(StringComparer.Ordinal))
        {
            // -vv and -q text is kept only for some captures (mDNS additional records; what -q drops).
            if (!File.Exists(capture + suffix)) continue;
            TcpdumpComparison.Result result = TcpdumpComparison.Compare(Path.GetFileName(capture), CaptureFileReader.Read(capture),
                File.ReadLines(capture + suffix), new FormatOptions { NumericPorts = true, Verbosity = verbosity, LinkHeader = linkHeader, Quiet = quiet });
            lines += result.Lines;
            differences.AddRange(result.Differences);
        }
        Assert.True(lines > 10, $"only {lines} lines");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }
}
