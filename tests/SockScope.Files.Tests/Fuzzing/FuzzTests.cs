using SockScope.TestSupport;
using Xunit.Abstractions;

namespace SockScope.Files.Tests.Fuzzing;

/// <summary>
/// The mutation fuzzer. In the suite: about 45 s with a fixed seed. Long mode:
/// <c>SOCKSCOPE_FUZZ_SECONDS=600 dotnet test tests/SockScope.Files.Tests --filter Fuzz</c>
/// (SOCKSCOPE_FUZZ_SEED picks another seed). New failing inputs are saved to FuzzRegressions/.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261121;
    private const int DefaultSeconds = 45;

    [CorpusFact]
    public void MutatedPacketsAndFilesNeverThrowOrHang()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("SOCKSCOPE_FUZZ_SECONDS"), out int s) && s > 0 ? s : DefaultSeconds;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("SOCKSCOPE_FUZZ_SEED"), out int v) ? v : DefaultSeed;
        IReadOnlySet<string> known;
        using (var targets = new FuzzTargets()) known = FuzzRegressions.OpenSignatures(targets);

        var runner = new FuzzRunner();
        runner.LoadSeeds();
        FuzzRunner.Result result = runner.Run(seed, TimeSpan.FromSeconds(seconds), known);

        output.WriteLine($"seed {seed}, {seconds} s: {result.PacketInputs} packet inputs (x32 flag combinations), {result.FileInputs} file inputs");
        foreach (FuzzRunner.Failure f in result.KnownFailures) output.WriteLine($"known (open.txt): {f.Signature} -> {f.SavedAs}");
        foreach (FuzzRunner.Failure f in result.Failures) output.WriteLine($"NEW: {f.Signature} -> {f.SavedAs}\n{f.Description}");
        Assert.True(result.PacketInputs > 0 && result.FileInputs > 0);
        Assert.True(result.Failures.Count == 0,
            $"{result.Failures.Count} new failure(s), saved in FuzzRegressions/: " + string.Join("; ", result.Failures.Select(f => $"{f.Signature} ({f.SavedAs})")));
    }
}

/// <summary>The fuzzer finds a planted out-of-range read and a planted hang-free failure quickly.</summary>
public class FuzzSelfCheckTests
{
    [CorpusFact]
    public void FindsAPlantedBug()
    {
        var runner = new FuzzRunner();
        runner.LoadSeeds(maxPackets: 2000);
        FuzzRunner.Result result = runner.Run(7, TimeSpan.FromSeconds(4), new HashSet<string>(), save: false,
            extraTarget: (link, data, original) =>
            {
                // A planted bug: reads one byte too far when the captured length is below the original length.
                if (data.Length < original) _ = data[data.Length];
            });
        // Optimised builds may report the planted bug twice: once before and once after the JIT
        // inlines the lambda into the runner (the top frame, and so the signature, changes).
        Assert.NotEmpty(result.Failures);
        Assert.All(result.Failures, failure => Assert.StartsWith("IndexOutOfRangeException", failure.Signature));
    }
}

/// <summary>Every input that ever failed, replayed; those listed in open.txt are reported, not failed.</summary>
public class FuzzRegressionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SavedInputsPass()
    {
        IReadOnlySet<string> open = FuzzRegressions.Open();
        using var targets = new FuzzTargets();
        var failures = new List<string>();
        int replayed = 0;
        foreach (string path in FuzzRegressions.All())
        {
            replayed++;
            string name = Path.GetFileName(path);
            var task = Task.Run(() => FuzzRegressions.Replay(path, targets));
            if (await Task.WhenAny(task, Task.Delay(FuzzRunner.HangLimit)) != task)
            {
                failures.Add($"{name}: hangs");
                break;
            }
            if (await task is not { } e) continue;
            string line = $"{name}: {FuzzRunner.Signature(e)}: {e.Message}";
            if (open.Contains(name)) output.WriteLine("open: " + line);
            else failures.Add(line);
        }
        output.WriteLine($"{replayed} saved inputs replayed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
