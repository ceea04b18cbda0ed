namespace SockScope.TestSupport;

/// <summary>
/// Facts and theories that need something this machine may lack: root, network namespaces, the
/// tcpdump corpus, a reference tool (tcpdump, ping, setpriv, gcc ...). Where it is missing the test
/// is reported SKIPPED with the reason, never passed without having run.
/// </summary>
internal static class Requirements
{
    /// <summary>The first of <paramref name="tools"/> not on PATH, as a skip reason; null when all are there.</summary>
    public static string? MissingTool(string[] tools) =>
        tools.FirstOrDefault(t => Tools.Find(t) is null) is { } missing ? $"needs {missing} on PATH" : null;

    public const string NoCorpus = "needs ../shared/corpus (or SOCKSCOPE_CORPUS)";
    public const string NoRoot = "needs root (CAP_NET_RAW, CAP_NET_ADMIN, CAP_SYS_ADMIN): run the tests as root";

    public static string? Corpus(string[] tools) => SockScope.TestSupport.Corpus.Directory is null ? NoCorpus : MissingTool(tools);

    public static string? KernelBtf() =>
        File.Exists("/sys/kernel/btf/vmlinux") ? null : "needs the kernel's BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF)";

    public static string? Root(string[] tools) =>
        !OperatingSystem.IsLinux() ? "needs Linux" : !Environment.IsPrivilegedProcess ? NoRoot : MissingTool(tools);

    public static string? Namespaces(string[] tools) =>
        !OperatingSystem.IsLinux() ? "needs Linux network namespaces"
        : !Environment.IsPrivilegedProcess ? "needs root to create network namespaces: run the tests as root"
        : Tools.Find("ip") is null ? "needs iproute2 (`ip`) to create network namespaces"
        : MissingTool(tools);
}

/// <summary>A fact that needs the tcpdump corpus (and the tools named); skipped, with the reason, where one is absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute(params string[] tools) => Skip = Requirements.Corpus(tools);
}

/// <summary>A theory that needs the tcpdump corpus (and the tools named); skipped, with the reason, where one is absent.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute(params string[] tools) => Skip = Requirements.Corpus(tools);
}

/// <summary>A fact that needs root (raw and packet sockets) and the tools named; skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(params string[] tools) => Skip = Requirements.Root(tools);
}

/// <summary>A fact that needs root, `ip` to build network namespaces, and the tools named (tcpdump, ping ...).</summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute(params string[] tools) => Skip = Requirements.Namespaces(tools);
}

/// <summary>A fact that needs the running kernel's BTF (its type information).</summary>
public sealed class KernelBtfFactAttribute : FactAttribute
{
    public KernelBtfFactAttribute() => Skip = Requirements.KernelBtf();
}

/// <summary>A fact that needs network namespaces (root, `ip`), the kernel's BTF and the tools named.</summary>
public sealed class KernelBtfNamespaceFactAttribute : FactAttribute
{
    public KernelBtfNamespaceFactAttribute(params string[] tools) => Skip = Requirements.Namespaces(tools) ?? Requirements.KernelBtf();
}

/// <summary>A fact that needs the tools named on PATH (gcc, tcpdump ...), nothing else.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools) => Skip = Requirements.MissingTool(tools);
}

/// <summary>
/// A fact that runs only when <c>variable</c> is set (a script asks for a report): skipped, saying
/// so, in an ordinary test run, where it has nothing to check.
/// </summary>
public sealed class EnvironmentFactAttribute : FactAttribute
{
    public EnvironmentFactAttribute(string variable, string why)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))) Skip = $"runs only with {variable} set ({why})";
        else if (Corpus.Directory is null) Skip = Requirements.NoCorpus;
    }
}

/// <summary>Finds reference tools (tcpdump, tshark, ss) on PATH.</summary>
public static class Tools
{
    public static string? Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that runs tshark (the -z statistics oracle); skipped, with the reason, where it is not installed.</summary>
public sealed class TsharkFactAttribute : FactAttribute
{
    public TsharkFactAttribute()
    {
        if (Tools.Find("tshark") is null) Skip = "needs tshark (apt-get install tshark) as the -z statistics oracle";
    }
}

/// <summary>A fact that needs tshark and the tcpdump corpus.</summary>
public sealed class TsharkCorpusFactAttribute : FactAttribute
{
    public TsharkCorpusFactAttribute()
    {
        if (Tools.Find("tshark") is null) Skip = "needs tshark (apt-get install tshark) as the -z statistics oracle";
        else if (Corpus.Directory is null) Skip = "needs ../shared/corpus (or SOCKSCOPE_CORPUS)";
    }
}
