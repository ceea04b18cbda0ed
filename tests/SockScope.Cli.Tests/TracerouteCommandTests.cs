using System.Text.RegularExpressions;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

[Collection(PingTopologyCollection.Name)]
public class TracerouteCommandTests(PingTopology topology)
{
    private const string Time = @"  \d+\.\d{3} ms";

    private static string[] Trace(string args)
    {
        PingTopology.Result r = PingTopology.Sockscope(PingTopology.Host1, "traceroute " + args, timeoutSeconds: 60);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.TrimEnd('\n').Split('\n');
    }

    [TopologyTheory]
    [InlineData("-n", "10.92.2.2", "10.92.1.1", 60)]
    [InlineData("-n -I", "10.92.2.2", "10.92.1.1", 60)]
    [InlineData("-n -T -p 80", "10.92.2.2", "10.92.1.1", 60)]
    [InlineData("-n", "fd92:2::2", "fd92:1::1", 80)]
    [InlineData("-n -I", "fd92:2::2", "fd92:1::1", 80)]
    [InlineData("-n -T", "fd92:2::2", "fd92:1::1", 80)]
    public void ListsTheRouterThenTheDestinationAndStops(string flags, string target, string router, int length)
    {
        Assert.True(topology.Ready);
        string[] lines = Trace($"{flags} -w 2 {target}");
        Assert.Equal($"traceroute to {target} ({target}), 30 hops max, {length} byte packets", lines[0]);
        Assert.Matches($"^ 1  {Regex.Escape(router)}{Time}{Time}{Time}$", lines[1]);
        Assert.Matches($"^ 2  {Regex.Escape(target)}{Time}{Time}{Time}$", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [NamespaceFact]
    public void NamesAreShownBesideAddressesWithoutN()
    {
        Assert.True(topology.Ready);
        string[] lines = Trace("-q 1 10.92.2.2");
        Assert.Matches($@"^ 1  10\.92\.1\.1 \(10\.92\.1\.1\){Time}$", lines[1]);
        Assert.Matches($@"^ 2  10\.92\.2\.2 \(10\.92\.2\.2\){Time}$", lines[2]);
    }

    [NamespaceFact]
    public void SilentHopsAreStarsAndFirstHopAndMaximumAreHonoured()
    {
        Assert.True(topology.Ready);
        string[] lines = Trace("-n -q 2 -w 0.3 -m 3 10.92.2.99");
        Assert.Equal("traceroute to 10.92.2.99 (10.92.2.99), 3 hops max, 60 byte packets", lines[0]);
        Assert.Matches($@"^ 1  10\.92\.1\.1{Time}{Time}$", lines[1]);
        Assert.Equal(" 2  * *", lines[2]);
        Assert.Equal(" 3  * *", lines[3]);

        string[] fromTwo = Trace("-n -q 1 -f 2 10.92.2.2");
        Assert.Matches($@"^ 2  10\.92\.2\.2{Time}$", fromTwo[1]);
        Assert.Equal(2, fromTwo.Length);
    }

    [NamespaceFact]
    public void AnUnreachableNetworkIsMarkedAndEndsTheTrace()
    {
        Assert.True(topology.Ready);
        // The router drops the very first error towards a new peer (its token bucket starts empty), so three probes.
        string[] lines = Trace("-n -q 3 -w 0.5 10.92.7.7");
        Assert.Matches($@"^ 1  (\* )*10\.92\.1\.1{Time} !N", lines[1]);
        Assert.Equal(2, lines.Length);
    }
}

/// <summary>A theory with <see cref="NamespaceFactAttribute"/>'s conditions (TestSupport has no theory form).</summary>
internal sealed class TopologyTheoryAttribute : TheoryAttribute
{
    public TopologyTheoryAttribute() => Skip = new NamespaceFactAttribute().Skip;
}
