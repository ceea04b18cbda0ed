using SockScope.Files;
using SockScope.TestSupport;
using Xunit.Abstractions;

namespace SockScope.Cli.Tests;

/// <summary>
/// The printers against tcpdump on the core corpus. The floors are what the printers reached when
/// they were last raised (2026-11-21: 98.2% of -nn lines, 99.0% of -v lines; the rest are
/// tcpdump 4.99.3 timestamp defects: after 2038, where we print the right time, and one
/// out-of-range nanosecond field); the bar is 95% / 85%.
/// scripts/corpus-compare.sh runs <see cref="Report"/> with SOCKSCOPE_COMPARE_REPORT set to get the table.
/// </summary>
public class CorpusComparisonTests(ITestOutputHelper output)
{
    private const double NnFloorPercent = 98.0;
    private const double VerboseFloorPercent = 98.5;

    [CorpusFact]
    public void DefaultOutputMatchesTcpdump()
    {
        CorpusComparison.Summary summary = CorpusComparison.Run(verbose: false);
        output.WriteLine($"-nn: {summary.Identical}/{summary.Total} lines ({summary.Percent:F1}%), {summary.IdenticalFiles}/{summary.Files.Count} files");
        Assert.Equal(125, summary.Files.Count);
        Assert.True(summary.Percent >= NnFloorPercent, $"-nn corpus match fell to {summary.Percent:F1}% (floor {NnFloorPercent}%)");
    }

    [CorpusFact]
    public void VerboseOutputMatchesTcpdump()
    {
        CorpusComparison.Summary summary = CorpusComparison.Run(verbose: true);
        output.WriteLine($"-v: {summary.Identical}/{summary.Total} lines ({summary.Percent:F1}%), {summary.IdenticalFiles}/{summary.Files.Count} files");
        Assert.Equal(125, summary.Files.Count);
        Assert.True(summary.Percent >= VerboseFloorPercent, $"-v corpus match fell to {summary.Percent:F1}% (floor {VerboseFloorPercent}%)");
    }

    /// <summary>Writes the per-file table to $SOCKSCOPE_COMPARE_REPORT (scripts/corpus-compare.sh); a no-op without it.</summary>
    [EnvironmentFact("SOCKSCOPE_COMPARE_REPORT", "scripts/corpus-compare.sh sets it to get the per-file table")]
    public void Report()
    {
        string path = Environment.GetEnvironmentVariable("SOCKSCOPE_COMPARE_REPORT")!;
        bool verbose = Environment.GetEnvironmentVariable("SOCKSCOPE_COMPARE_VERBOSE") == "1";
        string? diff = Environment.GetEnvironmentVariable("SOCKSCOPE_COMPARE_DIFF");
        CorpusComparison.Summary summary = CorpusComparison.Run(verbose);
        File.WriteAllText(path, CorpusComparison.Report(summary, verbose, string.IsNullOrEmpty(diff) ? null : diff));
    }

    /// <summary>
    /// The comparisons above print with the library's line writer; `sockscope read` must print
    /// exactly that (the tool adds only JSON, the process suffix and the output stream), for the
    /// flags that shape the line: numbers, each timestamp style, each dump, -e and -v.
    /// </summary>
    [CorpusTheory]
    [InlineData("-nntt")]
    [InlineData("-nntt", "-v")]
    [InlineData("-#", "-ttt", "-xx", "-e")]
    [InlineData("-tttt", "-A", "-vv")]
    [InlineData("-ttttt", "-X", "--nano")]
    [InlineData("-nn", "-XX", "-q")]
    public void ReadPrintsWhatTheLibraryWriterPrints(params string[] flags)
    {
        int files = 0;
        foreach (string capture in Corpus.CoreCaptures())
        {
            string viaRead;
            try
            {
                viaRead = ReadPipeline.PrintToString(capture, DisplayOptionsTests.Parse(flags));
            }
            catch (CaptureFileException)
            {
                // A damaged file: read stops with an error; the library writer is not what failed.
                Assert.Throws<CaptureFileException>(() => CorpusComparison.PrintWithLibrary(capture, DisplayOptionsTests.Parse(flags)));
                continue;
            }
            Assert.Equal(viaRead, CorpusComparison.PrintWithLibrary(capture, DisplayOptionsTests.Parse(flags)));
            files++;
        }
        Assert.True(files > 100, $"only {files} core captures printed");
    }

    [CorpusFact]
    public void ComparisonCountsOnlyIdenticalLines()
    {
        // A self-check of the harness: a file compared with its own expected text minus a line differs by that line.
        string capture = Corpus.CoreCaptures().First(p => p.EndsWith("dns-badvers.pcap", StringComparison.Ordinal));
        string expected = File.ReadAllText(capture + ".nn.txt");
        CorpusComparison.FileResult result = CorpusComparison.CompareFile(capture, expected, verbose: false);
        Assert.Equal(4, result.Total);
        Assert.True(result.Identical <= result.Total);
        Assert.Equal(result.Total - result.Identical, result.Differences.Count(d => d.Expected is not null));
    }
}
