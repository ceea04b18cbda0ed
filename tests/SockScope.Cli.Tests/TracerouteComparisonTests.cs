using System.Text.RegularExpressions;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// `sockscope traceroute` beside the real traceroute (Linux traceroute 2.x) on the same
/// three-namespace path, with the same options: the same lines once round-trip times are masked.
/// </summary>
[Collection(PingTopologyCollection.Name)]
public partial class TracerouteComparisonTests(PingTopology topology)
{
    [ComparisonTheory]
    [InlineData("-n -w 2 10.92.2.2")]
    [InlineData("-n -I -w 2 10.92.2.2")]
    [InlineData("-n -T -p 80 -w 2 10.92.2.2")]
    [InlineData("-n -w 2 fd92:2::2")]
    [InlineData("-n -I -w 2 fd92:2::2")]
    [InlineData("-n -q 1 -f 2 -w 2 10.92.2.2")]
    [InlineData("-q 1 -w 2 10.92.2.2")]
    // No case towards an address nobody answers: the router's host-unreachable errors come from
    // the per-peer budget (net.ipv4.route.error_cost) that TracerouteCommandTests' !N case needs.
    public void PrintsWhatTracerouteDoes(string args)
    {
        Assert.True(topology.Ready);
        PingTopology.Result theirs = PingTopology.InNamespace(PingTopology.Host1, "traceroute " + args, timeoutSeconds: 60);
        PingTopology.Result ours = PingTopology.Sockscope(PingTopology.Host1, "traceroute " + args, timeoutSeconds: 60);
        Assert.True(theirs.ExitCode == 0, theirs.Stderr);
        Assert.True(ours.ExitCode == 0, ours.Stderr);
        Assert.Equal(Masked(theirs.Stdout), Masked(ours.Stdout));
    }

    /// <summary>The text with every round-trip time made "T ms" (the only part that may differ between two runs).</summary>
    private static string Masked(string text) => RoundTrip().Replace(text.TrimEnd('\n'), "T ms");

    [GeneratedRegex(@"\d+\.\d{3} ms")]
    private static partial Regex RoundTrip();
}

/// <summary>The topology's conditions, and the real traceroute on PATH.</summary>
internal sealed class ComparisonTheoryAttribute : TheoryAttribute
{
    public ComparisonTheoryAttribute() => Skip = new NamespaceFactAttribute().Skip ?? new ToolFactAttribute("traceroute").Skip;
}
