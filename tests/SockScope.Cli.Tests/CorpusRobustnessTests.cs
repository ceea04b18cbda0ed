using SockScope.Files;
using SockScope.TestSupport;
using Xunit.Abstractions;

namespace SockScope.Cli.Tests;

/// <summary>
/// All 830 corpus captures (core and robustness, many of them fuzzer output) through the reader
/// and the printers with several display flags: no exception, no hang.
/// </summary>
public class CorpusRobustnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(20);

    public static IEnumerable<object[]> FlagSets() =>
    [
        ["-nn"], ["-v"], ["-vv"], ["-e"], ["-x"], ["-nnvvvexX"], ["-q"], ["--json"],
    ];

    [CorpusFact]
    public void EveryCaptureReadsAndPrintsWithEveryFlagSet()
    {
        var failures = new List<string>();
        long packets = 0;
        foreach (object[] set in FlagSets())
        {
            var flags = (string)set[0];
            DisplayOptions options = Parse(flags);
            foreach (string capture in Corpus.AllCaptures())
            {
                var task = Task.Run(() => PrintFile(capture, options));
                if (!task.Wait(PerFileLimit))
                {
                    failures.Add($"{flags} {Path.GetFileName(capture)}: still running after {PerFileLimit.TotalSeconds} s");
                    continue;
                }
                (long count, string? error) = task.Result;
                packets += count;
                if (error is not null) failures.Add($"{flags} {Path.GetFileName(capture)}: {error}");
            }
        }
        output.WriteLine($"{packets} packets printed; {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(50)));
    }

    private static (long, string?) PrintFile(string capture, DisplayOptions options)
    {
        try
        {
            using CaptureFileReader reader = CaptureFileReader.Open(capture);
            long count = ReadPipeline.Run(reader, options, null, Stream.Null, zone: TimeZoneInfo.Utc);
            return (count, null);
        }
        catch (Exception e)
        {
            return (0, $"{e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
    }

    private static DisplayOptions Parse(string flags)
    {
        var options = new DisplayOptions();
        var reader = new ArgReader(flags.Split(' '));
        while (reader.TryNext(out string option)) Assert.True(options.TryApply(option, reader));
        return options;
    }
}
