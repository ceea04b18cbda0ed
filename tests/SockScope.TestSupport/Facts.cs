namespace SockScope.TestSupport;

/// <summary>A fact that needs the tcpdump corpus; skipped, with the reason, where it is absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Directory is null) Skip = "needs ../shared/corpus (or SOCKSCOPE_CORPUS)";
    }
}

/// <summary>A fact that needs root (raw and packet sockets, namespaces); skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root (CAP_NET_RAW, CAP_NET_ADMIN, CAP_SYS_ADMIN): run the tests as root";
        else if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
    }
}

/// <summary>A fact that needs root and the `ip` command to build network namespaces.</summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux network namespaces";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root to create network namespaces: run the tests as root";
        else if (Tools.Find("ip") is null) Skip = "needs iproute2 (`ip`) to create network namespaces";
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
