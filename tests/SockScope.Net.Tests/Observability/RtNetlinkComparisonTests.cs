using SockScope.Net.Netlink;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Observability;

/// <summary>routes and neighbours against `ip route show table all` and `ip neigh` in one namespace.</summary>
public class RtNetlinkComparisonTests
{
    [NamespaceFact]
    public void RoutesAndNeighboursAgreeWithIproute2()
    {
        using var ns = new TestNamespace("sso-n");
        ns.Ip("link", "add", "sso-n0", "type", "veth", "peer", "name", "sso-n1");
        ns.Ip("link", "set", "lo", "up");
        ns.Ip("link", "set", "sso-n0", "up");
        ns.Ip("link", "set", "sso-n1", "up");
        ns.Ip("addr", "add", "10.93.1.1/24", "dev", "sso-n0");
        ns.Ip("addr", "add", "fd93:1::1/64", "dev", "sso-n0", "nodad");
        ns.Ip("route", "add", "10.93.50.0/24", "via", "10.93.1.2");
        ns.Ip("route", "add", "10.93.51.0/24", "dev", "sso-n0", "table", "100", "metric", "7");
        ns.Ip("route", "add", "blackhole", "10.93.52.0/24");
        ns.Ip("-6", "route", "add", "fd93:50::/64", "via", "fd93:1::2");
        ns.Ip("neigh", "add", "10.93.1.7", "lladdr", "02:93:00:00:00:07", "dev", "sso-n0", "nud", "permanent");
        ns.Ip("neigh", "add", "fd93:1::7", "lladdr", "02:93:00:00:00:08", "dev", "sso-n0", "nud", "reachable");

        using NetlinkSocket socket = NetlinkSocket.Open(NetlinkSocket.Route, ns.Name);
        var names = RtNetlink.DumpLinks(socket).ToDictionary(l => l.Index, l => l.Name);
        HashSet<string> routesBefore = IpRoutes(ns);
        HashSet<string> ours = RtNetlink.DumpRoutes(socket).Where(r => (r.Flags & 0x200) == 0).Select(r => RouteKey(
            RouteInfo.TypeName(r.Type),
            r.DestinationPrefixLength == 0 ? "default" : r.Destination + (r.DestinationPrefixLength is 32 or 128 ? "" : "/" + r.DestinationPrefixLength),
            RouteInfo.TableName(r.Table),
            r.OutputInterface == 0 ? "-" : names[r.OutputInterface],
            r.Gateway?.ToString() ?? "-")).ToHashSet();
        HashSet<string> theirs = IpRoutes(ns);
        Assert.Contains(RouteKey("unicast", "10.93.50.0/24", "main", "sso-n0", "10.93.1.2"), theirs);
        Assert.Contains(RouteKey("unicast", "10.93.51.0/24", "100", "sso-n0", "-"), theirs);
        Assert.Contains(RouteKey("blackhole", "10.93.52.0/24", "main", "-", "-"), theirs);
        AssertBetween(routesBefore, ours, theirs);

        HashSet<string> neighboursBefore = IpNeighbours(ns);
        HashSet<string> ourNeighbours = RtNetlink.DumpNeighbors(socket)
            .Where(n => n.Family is RtNetlink.AF_INET or RtNetlink.AF_INET6)
            .Select(n => $"{n.Destination} {names[n.Interface]} {(n.LinkLayerAddress is { Length: > 0 } ll ? string.Join(':', ll.Select(b => b.ToString("x2"))) : "-")} {n.StateName}")
            .ToHashSet();
        HashSet<string> theirNeighbours = IpNeighbours(ns);
        Assert.Contains("10.93.1.7 sso-n0 02:93:00:00:00:07 PERMANENT", theirNeighbours);
        Assert.Contains("fd93:1::7 sso-n0 02:93:00:00:00:08 REACHABLE", theirNeighbours);
        AssertBetween(neighboursBefore, ourNeighbours, theirNeighbours);
    }

    private static HashSet<string> IpRoutes(TestNamespace ns) =>
        ns.IpOutput("route", "show", "table", "all").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseIpRoute).ToHashSet();

    private static HashSet<string> IpNeighbours(TestNamespace ns) =>
        ns.IpOutput("neigh", "show", "nud", "all").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseIpNeigh).ToHashSet();

    /// <summary>
    /// The kernel adds entries by itself (link-local routes after DAD, multicast neighbours), so
    /// ours, read between two ip snapshots, must hold what both have and nothing neither has;
    /// when the snapshots agree, that is equality.
    /// </summary>
    private static void AssertBetween(HashSet<string> before, HashSet<string> ours, HashSet<string> after)
    {
        Assert.Empty(before.Intersect(after).Except(ours));
        Assert.Empty(ours.Except(before.Union(after)));
    }

    private static string RouteKey(string type, string dst, string table, string dev, string via) => $"{type} {dst} table={table} dev={dev} via={via}";

    private static readonly HashSet<string> RouteTypes = ["local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat"];

    private static string ParseIpRoute(string line)
    {
        string[] t = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int i = 0;
        string type = RouteTypes.Contains(t[0]) ? t[i++] : "unicast";
        string dst = t[i++];
        string Value(string key)
        {
            int at = Array.IndexOf(t, key, i);
            return at >= 0 && at + 1 < t.Length ? t[at + 1] : "-";
        }
        string table = Value("table");
        return RouteKey(type, dst, table == "-" ? "main" : table, Value("dev"), Value("via"));
    }

    private static string ParseIpNeigh(string line)
    {
        string[] t = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int dev = Array.IndexOf(t, "dev"), ll = Array.IndexOf(t, "lladdr");
        return $"{t[0]} {t[dev + 1]} {(ll >= 0 ? t[ll + 1] : "-")} {t[^1]}";
    }
}
