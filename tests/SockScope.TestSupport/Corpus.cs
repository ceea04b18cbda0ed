namespace SockScope.TestSupport;

/// <summary>
/// Locates ../shared/corpus (tcpdump's test captures with expected decodings) and the repository
/// root. SOCKSCOPE_CORPUS overrides the corpus location.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string?> RootDirectory = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder holding SockScope.slnx), or null.</summary>
    public static string? RepositoryRoot => RootDirectory.Value;

    /// <summary>The corpus folder, or null when it is not there.</summary>
    public static string? Directory
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("SOCKSCOPE_CORPUS");
            if (!string.IsNullOrEmpty(fromEnvironment) && System.IO.Directory.Exists(fromEnvironment)) return fromEnvironment;
            if (RepositoryRoot is null) return null;
            string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
            if (System.IO.Directory.Exists(candidate)) return candidate;
            // A git worktree (../wt/NAME) sits one level deeper than the main checkout.
            candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "..", "shared", "corpus"));
            return System.IO.Directory.Exists(candidate) ? candidate : null;
        }
    }

    public static string? CoreDirectory => Directory is { } d ? Path.Combine(d, "core") : null;

    /// <summary>Every capture of the corpus (core and robustness), sorted by path.</summary>
    public static IReadOnlyList<string> AllCaptures()
    {
        if (Directory is not { } d) return [];
        return System.IO.Directory.EnumerateFiles(Path.Combine(d, "core"))
            .Concat(System.IO.Directory.EnumerateFiles(Path.Combine(d, "robustness")))
            .Where(IsCapture)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The core captures, those with expected .nn.txt/.v.txt/.fields.tsv beside them.</summary>
    public static IReadOnlyList<string> CoreCaptures()
    {
        if (CoreDirectory is not { } d) return [];
        return System.IO.Directory.EnumerateFiles(d).Where(IsCapture).Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsCapture(string path)
    {
        string name = Path.GetFileName(path);
        return !name.EndsWith(".txt", StringComparison.Ordinal) && !name.EndsWith(".tsv", StringComparison.Ordinal)
            && !name.EndsWith(".out", StringComparison.Ordinal);
    }

    private static string? FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SockScope.slnx"))) return dir.FullName;
        }
        return null;
    }
}
