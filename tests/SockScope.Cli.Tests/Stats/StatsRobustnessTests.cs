using SockScope.TestSupport;
using Xunit.Abstractions;

namespace SockScope.Cli.Tests.Stats;

/// <summary>
/// All 830 corpus captures (many of them fuzzer output) through every statistics spec: no
/// exception, no hang. io,stat tables stop at 2000 rows here (fuzzed clocks span years).
/// </summary>
public class StatsRobustnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(20);

    private static readonly string[] Specs =
    [
        "conv,eth", "conv,ip", "conv,ipv6", "conv,tcp", "conv,udp",
        "endpoints,eth", "endpoints,ip", "endpoints,ipv6", "endpoints,tcp", "endpoints,udp",
        "io,phs", "io,stat,0", "io,stat,1,tcp,udp,,icmp", "io,stat,0.000001",
        "follow,tcp,ascii,0", "follow,tcp,hex,1", "follow,tcp,raw,2", "follow,udp,hex,0", "follow,udp,ascii,1",
    ];

    [CorpusFact]
    public void EveryCaptureGoesThroughEverySpec()
    {
        var failures = new List<string>();
        long characters = 0;
        IReadOnlyList<string> captures = Corpus.AllCaptures();
        foreach (string capture in captures)
        {
            var task = Task.Run(() => Commands.StatsCommand.RenderFile(capture, Specs, maxIoStatRows: 2000));
            if (!task.Wait(PerFileLimit))
            {
                failures.Add($"{Path.GetFileName(capture)}: still running after {PerFileLimit.TotalSeconds} s");
                continue;
            }
            if (task.IsFaulted)
            {
                Exception e = task.Exception!.InnerException!;
                failures.Add($"{Path.GetFileName(capture)}: {e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
                continue;
            }
            characters += task.Result.Length;
        }
        output.WriteLine($"{captures.Count} captures, {characters} characters of statistics, {failures.Count} failures");
        Assert.Equal(830, captures.Count);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }
}
