using System.Diagnostics;

namespace SockScope.Net.Tests.Observability;

/// <summary>Runs reference tools (ss, ip, tcpdump) for the comparison tests.</summary>
internal static class ToolRunner
{
    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000)) p.Kill(entireProcessTree: true);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
        return output;
    }

    public static void Ip(params string[] args) => Run("ip", args);
}

/// <summary>A network namespace with the sso- prefix, removed on Dispose.</summary>
internal sealed class TestNamespace : IDisposable
{
    public TestNamespace(string name)
    {
        Name = name;
        try
        {
            ToolRunner.Ip("netns", "del", name);   // a leftover from an interrupted run
        }
        catch (InvalidOperationException)
        {
        }
        ToolRunner.Ip("netns", "add", name);
    }

    public string Name { get; }

    public void Ip(params string[] args) => ToolRunner.Ip(["-n", Name, .. args]);

    public string IpOutput(params string[] args) => ToolRunner.Run("ip", ["-n", Name, .. args]);

    public void Dispose()
    {
        try
        {
            ToolRunner.Ip("netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
