using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>`sockscope routes` prints what `ip route show table all` prints, line for line.</summary>
public class RoutesCommandTests
{
    [NamespaceFact]
    public void MatchesIpRouteShowTableAllInANamespace()
    {
        using var ns = new ObserveNamespace("sso-r");
        ns.Ip("route", "add", "10.93.60.0/24", "via", "10.93.2.2");
        ns.Ip("route", "add", "10.93.61.0/24", "dev", "sso-r0", "table", "100", "metric", "7");
        ns.Ip("route", "add", "unreachable", "10.93.62.0/24");
        ns.Ip("-6", "route", "add", "fd93:60::/64", "via", "fd93:2::2");
        string output = "";
        ObserveCli.AssertSameAsTool(() => ObserveCli.Tool("ip", "-n", ns.Name, "route", "show", "table", "all"), () =>
        {
            (int exit, output, string error) = ObserveCli.Run("routes", "--netns", ns.Name);
            Assert.True(exit == 0, error);
            return output;
        });
        Assert.Contains("10.93.61.0/24 dev sso-r0 table 100 scope link metric 7", output);
    }

    [Fact]
    public void AnUnknownTableIsBadUsage()
    {
        (int exit, _, string error) = ObserveCli.Run("routes", "--table", "bogus");
        Assert.Equal(2, exit);
        Assert.Equal("sockscope routes: unknown table 'bogus' (main, local, default, all or a number)\n", error);
    }

    [Fact]
    public void AMissingNamespaceIsAOneLineFailure()
    {
        (int exit, _, string error) = ObserveCli.Run("routes", "--netns", "sso-does-not-exist");
        Assert.Equal(1, exit);
        Assert.StartsWith("sockscope routes: network namespace 'sso-does-not-exist' not found", error);
    }
}

/// <summary>A namespace with a veth pair and IPv4/IPv6 addresses, removed on Dispose.</summary>
internal sealed class ObserveNamespace : IDisposable
{
    public ObserveNamespace(string name)
    {
        Name = name;
        try
        {
            ObserveCli.Tool("ip", "netns", "del", name);
        }
        catch (InvalidOperationException)
        {
        }
        ObserveCli.Tool("ip", "netns", "add", name);
        try
        {
            Ip("link", "add", name + "0", "type", "veth", "peer", "name", name + "1");
            Ip("link", "set", "lo", "up");
            Ip("link", "set", name + "0", "up");
            Ip("link", "set", name + "1", "up");
            Ip("addr", "add", "10.93.2.1/24", "dev", name + "0");
            Ip("addr", "add", "fd93:2::1/64", "dev", name + "0", "nodad");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public void Ip(params string[] args) => ObserveCli.Tool("ip", ["-n", Name, .. args]);

    public void Dispose()
    {
        try
        {
            ObserveCli.Tool("ip", "netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
