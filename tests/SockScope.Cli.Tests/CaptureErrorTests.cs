using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>How `sockscope capture` fails: one line, exit 1 (2 for bad usage), never a stack trace.</summary>
[Collection("capture-namespaces")]
public sealed class CaptureErrorTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [CaptureToolsFact("setpriv")]
    public void Without_privilege_one_line_names_CAP_NET_RAW_and_exit_is_1()
    {
        string? setpriv = Tools.Find("setpriv");
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        (int code, string output, string error) = CaptureNamespaces.RunProcess(setpriv!,
            $"--reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all {dotnet} {CaptureNamespaces.SockScopeDll} capture -i lo -c 1",
            Bounded);
        Assert.Equal(1, code);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("sockscope capture: ", lines[0]);
        Assert.Contains("CAP_NET_RAW", lines[0]);
        Assert.Contains("setcap cap_net_raw,cap_net_admin+eip", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", output);
    }

    [RootFact]
    public void An_unknown_interface_lists_the_known_ones()
    {
        (int code, _, string error) = CaptureNamespaces.RunProcess("dotnet", $"{CaptureNamespaces.SockScopeDll} capture -i ssc-none0 -c 1", Bounded);
        Assert.Equal(1, code);
        Assert.Contains("no such interface 'ssc-none0' (known: lo", error);
        Assert.Contains("any)", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Bad_flags_are_usage_errors()
    {
        (int code, _, string error) = CaptureNamespaces.RunProcess("dotnet", $"{CaptureNamespaces.SockScopeDll} capture -i lo -Q sideways", Bounded);
        Assert.Equal(2, code);
        Assert.Contains("-Q", error);
        (code, _, error) = CaptureNamespaces.RunProcess("dotnet", $"{CaptureNamespaces.SockScopeDll} capture -i lo -W 3", Bounded);
        Assert.Equal(2, code);
        Assert.Contains("-w FILE", error);
    }
}
