using System.Text.Json;
using SockScope.Cli.Observe;
using SockScope.Net;
using SockScope.Net.Netlink;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope routes`: every routing table over rtnetlink, as `ip route show table all` prints it.</summary>
internal sealed class RoutesCommand : ICommand
{
    public string Name => "routes";
    public string Summary => "show routing tables (IPv4 and IPv6)";
    public string Help => """
        usage: sockscope routes [-4|-6] [--table main|local|default|all|N] [--json] [--netns NAME]

        Shows the kernel's routing tables from rtnetlink, one route a line in `ip route` words:
        type, destination, via, dev, table, proto, scope, src, metric, pref.

          -4, -6         only IPv4 or only IPv6 routes (default: both)
          --table T      only table T: main, local, default, all (the default) or a number
          --json         a JSON array of routes
          --netns NAME   the routes of network namespace NAME (/run/netns/NAME)

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        byte family = RtNetlink.AF_UNSPEC;
        uint? table = null;
        bool json = false;
        string? netns = null;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "4" or "ipv4": family = RtNetlink.AF_INET; break;
                case "6" or "ipv6": family = RtNetlink.AF_INET6; break;
                case "table": table = ParseTable(reader.Value()); break;
                case "json": json = true; break;
                case "netns": netns = reader.Value(); break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count > 0) throw new UsageException($"unexpected argument '{reader.Positionals[0]}'");
        (List<RouteInfo> routes, Dictionary<int, string> names) = RtNetlinkTable.Dump(netns, socket =>
            RtNetlink.DumpRoutes(socket, family).Where(IpRouteText.IsTableRoute)
                .Where(r => table is null || r.Table == table));
        return RtNetlinkTable.Print(routes, json, (w, r) =>
        {
            w.WriteString("family", r.Family == RtNetlink.AF_INET6 ? "inet6" : "inet");
            w.WriteString("type", RouteInfo.TypeName(r.Type));
            w.WriteString("dst", IpRouteText.Prefix(r.Destination, r.DestinationPrefixLength, r.Family));
            if (r.Gateway is not null) w.WriteString("gateway", r.Gateway.ToString());
            if (r.OutputInterface != 0) w.WriteString("dev", IpRouteText.Name(names, r.OutputInterface));
            w.WriteString("table", RouteInfo.TableName(r.Table));
            w.WriteString("protocol", RouteInfo.ProtocolName(r.Protocol));
            w.WriteString("scope", RouteInfo.ScopeName(r.Scope));
            if (r.PreferredSource is not null) w.WriteString("prefsrc", r.PreferredSource.ToString());
            if (r.Metric is uint metric) w.WriteNumber("metric", metric);
        }, r => IpRouteText.Route(r, names));
    }

    private static uint? ParseTable(string text) => text switch
    {
        "all" => null,
        "main" => RouteInfo.RT_TABLE_MAIN,
        "local" => RouteInfo.RT_TABLE_LOCAL,
        "default" => RouteInfo.RT_TABLE_DEFAULT,
        _ when uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint n) => n,
        _ => throw new UsageException($"unknown table '{text}' (main, local, default, all or a number)"),
    };
}
