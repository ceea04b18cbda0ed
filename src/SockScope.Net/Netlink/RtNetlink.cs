using System.Buffers.Binary;
using System.Net;
using static SockScope.Net.Netlink.RtAttributes;

namespace SockScope.Net.Netlink;

/// <summary>A network interface from RTM_GETLINK.</summary>
public sealed record LinkInfo(int Index, string Name, uint Flags, uint Promiscuity, byte[] Address)
{
    /// <summary>IFF_UP (0x1, linux/if.h): the interface is administratively up.</summary>
    public const uint IFF_UP = 0x1;
    /// <summary>IFF_PROMISC (0x100, linux/if.h): the interface receives every frame on the link.</summary>
    public const uint IFF_PROMISC = 0x100;
    /// <summary>In promiscuous mode: IFF_PROMISC set (by ip link or a packet socket's membership; the kernel folds both in).</summary>
    public bool Promiscuous => (Flags & IFF_PROMISC) != 0;
}

/// <summary>A route from RTM_GETROUTE: one entry of one routing table.</summary>
public sealed record RouteInfo
{
    /// <summary>The address family: 2 (AF_INET) or 10 (AF_INET6).</summary>
    public required int Family { get; init; }
    /// <summary>rtm_type: RTN_* (1 unicast, 2 local, 3 broadcast ...); <see cref="TypeName"/> spells it.</summary>
    public required byte Type { get; init; }
    /// <summary>The routing table id: RTA_TABLE when present, else rtm_table (254 main, 255 local, 253 default).</summary>
    public required uint Table { get; init; }
    /// <summary>rtm_protocol, who installed the route (RTPROT_*: 2 kernel, 3 boot, 4 static, 16 dhcp ...); <see cref="ProtocolName"/> spells it.</summary>
    public required byte Protocol { get; init; }
    /// <summary>rtm_scope, how far the destination is (RT_SCOPE_*: 0 universe, 253 link, 254 host); <see cref="ScopeName"/> spells it.</summary>
    public required byte Scope { get; init; }
    /// <summary>rtm_flags: RTM_F_* and RTNH_F_* bits (e.g. 0x1 RTNH_F_DEAD, 0x10 RTNH_F_ONLINK).</summary>
    public uint Flags { get; init; }
    /// <summary>rtm_tos: the TOS (IPv4 DSCP) value the route matches, 0 for any.</summary>
    public byte Tos { get; init; }
    /// <summary>The destination, null for the default route (prefix length 0).</summary>
    public IPAddress? Destination { get; init; }
    /// <summary>The destination prefix length in bits (rtm_dst_len); 0 for a default route.</summary>
    public int DestinationPrefixLength { get; init; }
    /// <summary>The source prefix a policy route matches (RTA_SRC), null when absent.</summary>
    public IPAddress? Source { get; init; }
    /// <summary>The source prefix length in bits (rtm_src_len).</summary>
    public int SourcePrefixLength { get; init; }
    /// <summary>The next hop (RTA_GATEWAY, or the address of RTA_VIA), null for a directly connected route.</summary>
    public IPAddress? Gateway { get; init; }
    /// <summary>The source address the kernel prefers for packets on this route (RTA_PREFSRC), null when absent.</summary>
    public IPAddress? PreferredSource { get; init; }
    /// <summary>The output interface index (RTA_OIF), 0 when absent.</summary>
    public int OutputInterface { get; init; }
    /// <summary>The input interface index (RTA_IIF) of a route cache or policy entry, 0 when absent.</summary>
    public int InputInterface { get; init; }
    /// <summary>The route's metric (RTA_PRIORITY; lower is preferred), null when absent.</summary>
    public uint? Metric { get; init; }
    /// <summary>RFC 4191 router preference of an IPv6 route (0 medium, 1 high, 3 low), null when absent.</summary>
    public byte? Preference { get; init; }
    /// <summary>The next hops of a multipath route (RTA_MULTIPATH): gateway, interface index and weight (1-256); empty for a single-path route.</summary>
    public IReadOnlyList<(IPAddress? Gateway, int Interface, int Weight)> NextHops { get; init; } = [];

    /// <summary>RTN_UNICAST (1): a gateway or direct route.</summary>
    public const byte RTN_UNICAST = 1;
    /// <summary>RTN_LOCAL (2): a local address; packets to it are delivered to this host.</summary>
    public const byte RTN_LOCAL = 2;
    /// <summary>RT_TABLE_MAIN (254): the table <c>ip route</c> shows by default.</summary>
    public const uint RT_TABLE_MAIN = 254;
    /// <summary>RT_TABLE_LOCAL (255): local and broadcast addresses, maintained by the kernel.</summary>
    public const uint RT_TABLE_LOCAL = 255;
    /// <summary>RT_TABLE_DEFAULT (253): the table consulted after main by the default rules.</summary>
    public const uint RT_TABLE_DEFAULT = 253;
    /// <summary>RTPROT_BOOT (3): installed at boot or by <c>ip route add</c> without a protocol.</summary>
    public const byte RTPROT_BOOT = 3;
    /// <summary>RT_SCOPE_UNIVERSE (0): a route reaching anywhere (global).</summary>
    public const byte RT_SCOPE_UNIVERSE = 0;
    /// <summary>RT_SCOPE_LINK (253): a destination on the directly attached link.</summary>
    public const byte RT_SCOPE_LINK = 253;
    /// <summary>RT_SCOPE_HOST (254): a destination on this host.</summary>
    public const byte RT_SCOPE_HOST = 254;

    /// <summary>The rtm_type as <c>ip route</c> prints it (unicast, local, broadcast, blackhole, unreachable ...); the number for an unknown type.</summary>
    public static string TypeName(byte type) => type switch
    {
        0 => "none", 1 => "unicast", 2 => "local", 3 => "broadcast", 4 => "anycast", 5 => "multicast",
        6 => "blackhole", 7 => "unreachable", 8 => "prohibit", 9 => "throw", 10 => "nat", 11 => "xresolve",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The table's name as <c>ip route</c> prints it (main, local, default), the number for any other table.</summary>
    public static string TableName(uint table) => table switch
    {
        RT_TABLE_MAIN => "main", RT_TABLE_LOCAL => "local", RT_TABLE_DEFAULT => "default",
        _ => table.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>rt_protos names as iproute2 prints them (its /etc/iproute2/rt_protos defaults).</summary>
    public static string ProtocolName(byte protocol) => protocol switch
    {
        0 => "unspec", 1 => "redirect", 2 => "kernel", 3 => "boot", 4 => "static", 8 => "gated", 9 => "ra",
        10 => "mrt", 11 => "zebra", 12 => "bird", 13 => "dnrouted", 14 => "xorp", 15 => "ntk", 16 => "dhcp",
        17 => "mrouted", 18 => "keepalived", 42 => "babel", 99 => "openr", 186 => "bgp", 187 => "isis",
        188 => "ospf", 189 => "rip", 192 => "eigrp",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The scope as <c>ip route</c> prints it (global, site, link, host, nowhere), the number for any other value.</summary>
    public static string ScopeName(byte scope) => scope switch
    {
        0 => "global", 200 => "site", 253 => "link", 254 => "host", 255 => "nowhere",
        _ => scope.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A neighbour (ARP or NDP) entry from RTM_GETNEIGH.</summary>
public sealed record NeighborInfo(int Family, IPAddress? Destination, byte[]? LinkLayerAddress, int Interface, ushort State, byte Flags)
{
    /// <summary>NUD_INCOMPLETE (0x01): address resolution is in progress.</summary>
    public const ushort NUD_INCOMPLETE = 0x01;
    /// <summary>NUD_REACHABLE (0x02): the neighbour was confirmed reachable recently.</summary>
    public const ushort NUD_REACHABLE = 0x02;
    /// <summary>NUD_STALE (0x04): the entry is usable but unconfirmed; it is checked on next use.</summary>
    public const ushort NUD_STALE = 0x04;
    /// <summary>NUD_DELAY (0x08): waiting a moment for upper-layer confirmation before probing.</summary>
    public const ushort NUD_DELAY = 0x08;
    /// <summary>NUD_PROBE (0x10): sending unicast probes to confirm reachability.</summary>
    public const ushort NUD_PROBE = 0x10;
    /// <summary>NUD_FAILED (0x20): resolution failed; the neighbour is unreachable.</summary>
    public const ushort NUD_FAILED = 0x20;
    /// <summary>NUD_NOARP (0x40): no resolution is needed (e.g. point-to-point or multicast).</summary>
    public const ushort NUD_NOARP = 0x40;
    /// <summary>NUD_PERMANENT (0x80): a static entry the kernel never expires.</summary>
    public const ushort NUD_PERMANENT = 0x80;
    /// <summary>NTF_ROUTER (0x80): the IPv6 neighbour is a router (NDP's R flag).</summary>
    public const byte NTF_ROUTER = 0x80;
    /// <summary>NTF_PROXY (0x08): a proxy ARP / proxy NDP entry.</summary>
    public const byte NTF_PROXY = 0x08;

    /// <summary>The state as `ip neigh` prints it: one or more of INCOMPLETE, REACHABLE, ... joined by spaces.</summary>
    public string StateName
    {
        get
        {
            if (State == 0) return "NONE";
            string[] names = ["INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"];
            var parts = new List<string>();
            for (int bit = 0; bit < names.Length; bit++)
                if ((State & (1 << bit)) != 0) parts.Add(names[bit]);
            return string.Join(' ', parts);
        }
    }

    /// <summary>True when the neighbour advertised itself as an IPv6 router (NTF_ROUTER).</summary>
    public bool IsRouter => (Flags & NTF_ROUTER) != 0;
}

/// <summary>rtnetlink dumps (links, routes, neighbours) over the generic <see cref="NetlinkSocket.Dump"/>.</summary>
public static class RtNetlink
{
    /// <summary>AF_UNSPEC (0): both IPv4 and IPv6, in a dump request's family field.</summary>
    public const byte AF_UNSPEC = 0;
    /// <summary>AF_INET (2): IPv4.</summary>
    public const byte AF_INET = 2;
    /// <summary>AF_INET6 (10): IPv6.</summary>
    public const byte AF_INET6 = 10;

    /// <summary>Every network interface (RTM_GETLINK dump), in the kernel's order.</summary>
    /// <param name="socket">A NETLINK_ROUTE socket (<see cref="NetlinkSocket.Route"/>).</param>
    /// <exception cref="NetOperationException">When the dump fails.</exception>
    public static List<LinkInfo> DumpLinks(NetlinkSocket socket) =>
        Dump(socket, NetlinkConstants.RTM_GETLINK, InterfaceInfoOffsets.Size, AF_UNSPEC, ParseLink);

    /// <summary>Every route of every table (table 0 in the request asks for all), of one family or both.</summary>
    public static List<RouteInfo> DumpRoutes(NetlinkSocket socket, byte family = AF_UNSPEC) =>
        Dump(socket, NetlinkConstants.RTM_GETROUTE, RouteMessageOffsets.Size, family, ParseRoute);

    /// <summary>Every neighbour (ARP and NDP cache) entry (RTM_GETNEIGH dump).</summary>
    /// <param name="socket">A NETLINK_ROUTE socket (<see cref="NetlinkSocket.Route"/>).</param>
    /// <param name="family"><see cref="AF_INET"/>, <see cref="AF_INET6"/>, or <see cref="AF_UNSPEC"/> for both (bridge and other families then appear too).</param>
    /// <exception cref="NetOperationException">When the dump fails.</exception>
    public static List<NeighborInfo> DumpNeighbors(NetlinkSocket socket, byte family = AF_UNSPEC) =>
        Dump(socket, NetlinkConstants.RTM_GETNEIGH, NeighborMessageOffsets.Size, family, ParseNeighbor);

    /// <summary>
    /// One rtnetlink dump: the request body is the family header of the message type (ifinfomsg,
    /// rtmsg, ndmsg), all zero but its first byte, the family (offset 0 in each); every reply the
    /// parser can read becomes a row.
    /// </summary>
    private static List<T> Dump<T>(NetlinkSocket socket, ushort type, int headerSize, byte family, RowParser<T> parse)
        where T : class
    {
        Span<byte> request = stackalloc byte[headerSize];
        request.Clear();
        request[0] = family;
        List<T> rows = [];
        socket.Dump(type, request, new RowSink<T>(parse, rows));
        return rows;
    }

    /// <summary>Parses an RTM_NEWLINK payload (struct ifinfomsg, then IFLA_* attributes); null when it is shorter than ifinfomsg.</summary>
    public static LinkInfo? ParseLink(ReadOnlySpan<byte> m)
    {
        if (m.Length < InterfaceInfoOffsets.Size) return null;
        string name = "";
        uint promiscuity = 0;
        byte[] address = [];
        var attributes = new NetlinkAttributeReader(m[InterfaceInfoOffsets.Size..]);
        while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
        {
            if (type == IFLA_IFNAME) name = NetlinkAttributeReader.ReadString(payload);
            else if (type == IFLA_PROMISCUITY) promiscuity = NetlinkAttributeReader.ReadUInt32(payload);
            else if (type == IFLA_ADDRESS) address = payload.ToArray();
        }
        return new LinkInfo(BinaryPrimitives.ReadInt32LittleEndian(m[InterfaceInfoOffsets.Index..]), name,
            BinaryPrimitives.ReadUInt32LittleEndian(m[InterfaceInfoOffsets.Flags..]), promiscuity, address);
    }

    /// <summary>Parses an RTM_NEWROUTE payload (struct rtmsg, then RTA_* attributes); null when it is shorter than rtmsg. Unknown attributes are skipped.</summary>
    public static RouteInfo? ParseRoute(ReadOnlySpan<byte> m)
    {
        if (m.Length < RouteMessageOffsets.Size) return null;
        int family = m[RouteMessageOffsets.Family];
        uint table = m[RouteMessageOffsets.Table];
        IPAddress? destination = null, source = null, gateway = null, preferred = null;
        int oif = 0, iif = 0;
        uint? metric = null;
        byte? preference = null;
        var hops = new List<(IPAddress?, int, int)>();
        var attributes = new NetlinkAttributeReader(m[RouteMessageOffsets.Size..]);
        while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
        {
            switch (type)
            {
                case RTA_DST: destination = ReadAddress(payload); break;
                case RTA_SRC: source = ReadAddress(payload); break;
                case RTA_GATEWAY: gateway = ReadAddress(payload); break;
                case RTA_PREFSRC: preferred = ReadAddress(payload); break;
                case RTA_OIF: oif = (int)NetlinkAttributeReader.ReadUInt32(payload); break;
                case RTA_IIF: iif = (int)NetlinkAttributeReader.ReadUInt32(payload); break;
                case RTA_PRIORITY: metric = NetlinkAttributeReader.ReadUInt32(payload); break;
                case RTA_TABLE: table = NetlinkAttributeReader.ReadUInt32(payload); break;
                case RTA_PREF: preference = NetlinkAttributeReader.ReadByte(payload); break;
                case RTA_VIA when payload.Length > 2:
                    gateway = ReadAddress(payload[2..]);   // struct rtvia: u16 family, then the address
                    break;
                case RTA_MULTIPATH:
                    ReadNextHops(payload, hops);
                    break;
            }
        }
        return new RouteInfo
        {
            Family = family,
            DestinationPrefixLength = m[RouteMessageOffsets.DestinationLength],
            SourcePrefixLength = m[RouteMessageOffsets.SourceLength],
            Tos = m[RouteMessageOffsets.Tos],
            Protocol = m[RouteMessageOffsets.Protocol],
            Scope = m[RouteMessageOffsets.Scope],
            Type = m[RouteMessageOffsets.Type],
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(m[RouteMessageOffsets.Flags..]),
            Table = table,
            Destination = destination,
            Source = source,
            Gateway = gateway,
            PreferredSource = preferred,
            OutputInterface = oif,
            InputInterface = iif,
            Metric = metric,
            Preference = preference,
            NextHops = hops,
        };
    }

    // struct rtnexthop: u16 len, u8 flags, u8 hops (weight - 1), i32 ifindex, then attributes.
    private static void ReadNextHops(ReadOnlySpan<byte> payload, List<(IPAddress?, int, int)> hops)
    {
        while (payload.Length >= 8)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(payload);
            if (length < 8 || length > payload.Length) return;
            IPAddress? gateway = null;
            var attributes = new NetlinkAttributeReader(payload[8..length]);
            while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> value))
                if (type == RTA_GATEWAY) gateway = ReadAddress(value);
            hops.Add((gateway, BinaryPrimitives.ReadInt32LittleEndian(payload[4..]), payload[3] + 1));
            payload = payload[Math.Min(NetlinkConstants.Align(length), payload.Length)..];
        }
    }

    /// <summary>Parses an RTM_NEWNEIGH payload (struct ndmsg, then NDA_* attributes); null when it is shorter than ndmsg.</summary>
    public static NeighborInfo? ParseNeighbor(ReadOnlySpan<byte> m)
    {
        if (m.Length < NeighborMessageOffsets.Size) return null;
        IPAddress? destination = null;
        byte[]? lladdr = null;
        var attributes = new NetlinkAttributeReader(m[NeighborMessageOffsets.Size..]);
        while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
        {
            if (type == NDA_DST) destination = ReadAddress(payload);
            else if (type == NDA_LLADDR) lladdr = payload.ToArray();
        }
        return new NeighborInfo(m[NeighborMessageOffsets.Family], destination, lladdr,
            BinaryPrimitives.ReadInt32LittleEndian(m[NeighborMessageOffsets.Index..]),
            BinaryPrimitives.ReadUInt16LittleEndian(m[NeighborMessageOffsets.State..]),
            m[NeighborMessageOffsets.Flags]);
    }

    private static IPAddress? ReadAddress(ReadOnlySpan<byte> payload) =>
        payload.Length is 4 or 16 ? new IPAddress(payload) : null;
}
