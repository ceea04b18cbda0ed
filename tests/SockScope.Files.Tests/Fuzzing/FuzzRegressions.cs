namespace SockScope.Files.Tests.Fuzzing;

/// <summary>The saved failing inputs, replayed one by one; open.txt lists those whose fix is still awaited.</summary>
internal static class FuzzRegressions
{
    public static IEnumerable<string> All() =>
        Directory.Exists(FuzzRunner.RegressionDirectory)
            ? Directory.EnumerateFiles(FuzzRunner.RegressionDirectory).Where(p => p.EndsWith(".pcap", StringComparison.Ordinal) || p.EndsWith(".bin", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [];

    /// <summary>File names listed in FuzzRegressions/open.txt (first word of each line; '#' starts a comment).</summary>
    public static IReadOnlySet<string> Open()
    {
        string path = Path.Combine(FuzzRunner.RegressionDirectory, "open.txt");
        if (!File.Exists(path)) return new HashSet<string>();
        return File.ReadLines(path)
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' ', '\t')[0])
            .ToHashSet();
    }

    /// <summary>Replays one saved input; returns the exception it raises, or null when it passes.</summary>
    public static Exception? Replay(string path, FuzzTargets targets)
    {
        try
        {
            if (path.EndsWith(".bin", StringComparison.Ordinal))
            {
                targets.RunFile(File.ReadAllBytes(path));
                return null;
            }
            using CaptureFileReader reader = CaptureFileReader.Open(path);
            while (reader.TryRead(out CaptureRecord record))
                targets.RunPacket(record.LinkType, record.Data, record.OriginalLength);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Signatures of the open regressions, so that the fuzzer does not report a known bug as new.</summary>
    public static IReadOnlySet<string> OpenSignatures(FuzzTargets targets)
    {
        IReadOnlySet<string> open = Open();
        var signatures = new HashSet<string>();
        foreach (string path in All())
        {
            if (!open.Contains(Path.GetFileName(path))) continue;
            if (Replay(path, targets) is { } e) signatures.Add(FuzzRunner.Signature(e));
        }
        return signatures;
    }
}
