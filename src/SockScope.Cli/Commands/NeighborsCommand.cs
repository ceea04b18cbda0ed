using System.Text.Json;
using SockScope.Cli.Observe;
using SockScope.Net;
using SockScope.Net.Netlink;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope neighbors`: the ARP and NDP caches over rtnetlink, as `ip neigh` prints them.</summary>
internal sealed class NeighborsCommand : ICommand
{
    public string Name => "neighbors";
    public string Summary => "show the ARP and NDP neighbour tables";
    public string Help => """
        usage: sockscope neighbors [-4|-6] [--all] [--json] [--netns NAME]

        Shows the neighbour (ARP for IPv4, NDP for IPv6) entries with their link-layer address
        and state (REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, PERMANENT, NOARP).

          -4, -6         only ARP or only NDP entries (default: both)
          --all          also NOARP and NONE entries (like `ip neigh show nud all`)
          --json         a JSON array of entries
          --netns NAME   the entries of network namespace NAME (/run/netns/NAME)

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        byte family = RtNetlink.AF_UNSPEC;
        bool json = false, all = false;
        string? netns = null;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "4" or "ipv4": family = RtNetlink.AF_INET; break;
                case "6" or "ipv6": family = RtNetlink.AF_INET6; break;
                case "all": all = true; break;
                case "json": json = true; break;
                case "netns": netns = reader.Value(); break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count > 0) throw new UsageException($"unexpected argument '{reader.Positionals[0]}'");
        (List<NeighborInfo> neighbors, Dictionary<int, string> names) = RtNetlinkTable.Dump(netns, socket =>
            RtNetlink.DumpNeighbors(socket, family)
                .Where(n => n.Family is RtNetlink.AF_INET or RtNetlink.AF_INET6)
                .Where(n => all || IpRouteText.ShownByDefault(n)));
        return RtNetlinkTable.Print(neighbors, json, (w, n) =>
        {
            w.WriteString("dst", n.Destination?.ToString());
            w.WriteString("dev", IpRouteText.Name(names, n.Interface));
            if (n.LinkLayerAddress is { Length: > 0 } ll) w.WriteString("lladdr", IpRouteText.LinkAddress(ll));
            else w.WriteNull("lladdr");
            w.WriteString("state", n.StateName);
            w.WriteBoolean("router", n.IsRouter);
        }, n => IpRouteText.Neighbor(n, names));
    }
}
