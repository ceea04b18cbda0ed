using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>`sockscope neighbors` prints what `ip neigh` prints, line for line.</summary>
public class NeighborsCommandTests
{
    [NamespaceFact]
    public void MatchesIpNeighInANamespace()
    {
        using var ns = new ObserveNamespace("sso-g");
        ns.Ip("neigh", "add", "10.93.2.7", "lladdr", "02:93:00:00:02:07", "dev", "sso-g0", "nud", "permanent");
        ns.Ip("neigh", "add", "10.93.2.8", "lladdr", "02:93:00:00:02:08", "dev", "sso-g0", "nud", "stale");
        ns.Ip("neigh", "add", "fd93:2::7", "lladdr", "02:93:00:00:02:09", "dev", "sso-g0", "nud", "reachable", "router");
        string output = "";
        ObserveCli.AssertSameAsTool(() => ObserveCli.Tool("ip", "-n", ns.Name, "neigh"), () =>
        {
            (int exit, output, string error) = ObserveCli.Run("neighbors", "--netns", ns.Name);
            Assert.True(exit == 0, error);
            return output;
        });
        Assert.Contains("10.93.2.7 dev sso-g0 lladdr 02:93:00:00:02:07 PERMANENT", output);
        Assert.Contains("fd93:2::7 dev sso-g0 lladdr 02:93:00:00:02:09 router REACHABLE", output);
        // --all adds the NOARP entries ip neigh hides by default.
        ObserveCli.AssertSameAsTool(() => ObserveCli.Tool("ip", "-n", ns.Name, "neigh", "show", "nud", "all"),
            () => ObserveCli.Run("neighbors", "--netns", ns.Name, "--all").Output);
    }
}
