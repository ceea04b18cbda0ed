using System.Globalization;
using System.Net;
using System.Text;
using SockScope.Net.Netlink;

namespace SockScope.Cli.Observe;

/// <summary>Routes and neighbours in the words and order `ip route show table all` and `ip neigh` use.</summary>
internal static class IpRouteText
{
    private const uint RTM_F_CLONED = 0x200;

    /// <summary>Cloned (cache) entries are not part of any table; ip hides them too.</summary>
    public static bool IsTableRoute(RouteInfo route) => (route.Flags & RTM_F_CLONED) == 0;

    public static string Route(RouteInfo r, IReadOnlyDictionary<int, string> names)
    {
        var t = new StringBuilder();
        if (r.Type != RouteInfo.RTN_UNICAST) t.Append(RouteInfo.TypeName(r.Type)).Append(' ');
        t.Append(Prefix(r.Destination, r.DestinationPrefixLength, r.Family));
        if (r.SourcePrefixLength > 0 && r.Source is not null) t.Append(" from ").Append(Prefix(r.Source, r.SourcePrefixLength, r.Family));
        if (r.Tos != 0) t.Append(" tos 0x").Append(r.Tos.ToString("x2", CultureInfo.InvariantCulture));
        if (r.Gateway is not null) t.Append(" via ").Append(r.Gateway);
        if (r.OutputInterface != 0) t.Append(" dev ").Append(Name(names, r.OutputInterface));
        if (r.Table != RouteInfo.RT_TABLE_MAIN) t.Append(" table ").Append(RouteInfo.TableName(r.Table));
        if (r.Protocol != RouteInfo.RTPROT_BOOT) t.Append(" proto ").Append(RouteInfo.ProtocolName(r.Protocol));
        if (r.Scope != RouteInfo.RT_SCOPE_UNIVERSE) t.Append(" scope ").Append(RouteInfo.ScopeName(r.Scope));
        if (r.PreferredSource is not null) t.Append(" src ").Append(r.PreferredSource);
        if (r.Metric is uint metric) t.Append(" metric ").Append(metric.ToString(CultureInfo.InvariantCulture));
        AppendFlags(t, r.Flags);
        if (r.Preference is byte pref) t.Append(" pref ").Append(pref switch { 0 => "medium", 1 => "high", 3 => "low", _ => pref.ToString(CultureInfo.InvariantCulture) });
        foreach ((IPAddress? gateway, int iface, int weight) in r.NextHops)
        {
            t.Append("\n\tnexthop");
            if (gateway is not null) t.Append(" via ").Append(gateway);
            t.Append(" dev ").Append(Name(names, iface)).Append(" weight ").Append(weight.ToString(CultureInfo.InvariantCulture));
        }
        return t.ToString();
    }

    public static string Neighbor(NeighborInfo n, IReadOnlyDictionary<int, string> names)
    {
        var t = new StringBuilder();
        t.Append(n.Destination?.ToString() ?? "?").Append(" dev ").Append(Name(names, n.Interface));
        if (n.LinkLayerAddress is { Length: > 0 } lladdr) t.Append(" lladdr ").Append(LinkAddress(lladdr));
        if (n.IsRouter) t.Append(" router");
        if ((n.Flags & NeighborInfo.NTF_PROXY) != 0) t.Append(" proxy");
        t.Append(' ').Append(n.StateName);
        return t.ToString();
    }

    /// <summary>ip neigh's default view: entries in a NUD state other than NOARP and NONE.</summary>
    public static bool ShownByDefault(NeighborInfo n) => n.State != 0 && (n.State & NeighborInfo.NUD_NOARP) == 0;

    public static string Prefix(IPAddress? address, int length, int family)
    {
        if (length == 0 && (address is null || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))) return "default";
        string text = address?.ToString() ?? (family == RtNetlink.AF_INET6 ? "::" : "0.0.0.0");
        int hostLength = family == RtNetlink.AF_INET6 ? 128 : 32;
        return length == hostLength ? text : text + "/" + length.ToString(CultureInfo.InvariantCulture);
    }

    public static string LinkAddress(byte[] address) => string.Join(':', address.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public static string Name(IReadOnlyDictionary<int, string> names, int index) =>
        names.TryGetValue(index, out string? name) ? name : "if" + index.ToString(CultureInfo.InvariantCulture);

    private static void AppendFlags(StringBuilder t, uint flags)
    {
        // RTNH_F_* in the low byte of rtm_flags.
        if ((flags & 0x01) != 0) t.Append(" dead");
        if ((flags & 0x04) != 0) t.Append(" onlink");
        if ((flags & 0x02) != 0) t.Append(" pervasive");
        if ((flags & 0x08) != 0) t.Append(" offload");
        if ((flags & 0x10) != 0) t.Append(" linkdown");
    }
}
