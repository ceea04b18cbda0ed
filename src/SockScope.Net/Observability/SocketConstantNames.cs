using System.Globalization;
using System.Text;

namespace SockScope.Net.Observability;

/// <summary>
/// The names of socket() arguments as the kernel headers spell them (linux/socket.h, in.h,
/// if_ether.h, netlink.h), the way Tracee prints them: AF_PACKET, SOCK_RAW|SOCK_NONBLOCK,
/// IPPROTO_ICMP, ETH_P_ALL. Unknown values print as numbers.
/// </summary>
public static class SocketConstantNames
{
    /// <summary>AF_UNIX (1): unix domain sockets (AF_LOCAL).</summary>
    public const int AF_UNIX = 1;
    /// <summary>AF_INET (2): IPv4.</summary>
    public const int AF_INET = 2;
    /// <summary>AF_INET6 (10): IPv6.</summary>
    public const int AF_INET6 = 10;
    /// <summary>AF_NETLINK (16): kernel-user messaging (rtnetlink, sock_diag ...).</summary>
    public const int AF_NETLINK = 16;
    /// <summary>AF_PACKET (17): link-layer packet sockets, what capture tools open.</summary>
    public const int AF_PACKET = 17;
    /// <summary>SOCK_NONBLOCK (0x800, O_NONBLOCK): a flag or-ed into socket()'s type argument.</summary>
    public const int SOCK_NONBLOCK = 0x800;
    /// <summary>SOCK_CLOEXEC (0x80000, O_CLOEXEC): a flag or-ed into socket()'s type argument.</summary>
    public const int SOCK_CLOEXEC = 0x80000;

    private static readonly string[] Families =
    [
        "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE",
        "AF_ATMPVC", "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY",
        "AF_NETLINK", "AF_PACKET", "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA",
        "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH",
        "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG", "AF_NFC",
        "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
    ];

    /// <summary>The AF_* name of an address family number (AF_INET for 2); the number as text when out of the known range.</summary>
    public static string Family(long family) =>
        family >= 0 && family < Families.Length ? Families[family] : Number(family);

    /// <summary>Parses AF_PACKET, packet, inet6, 17 ...; null when unknown.</summary>
    public static int? ParseFamily(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number)) return number;
        string upper = text.ToUpperInvariant();
        if (!upper.StartsWith("AF_", StringComparison.Ordinal)) upper = "AF_" + upper;
        if (upper == "AF_LOCAL") return AF_UNIX;
        int index = Array.FindIndex(Families, f => f.Equals(upper, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }

    private static string? BaseTypeName(long type) => type switch
    {
        1 => "SOCK_STREAM", 2 => "SOCK_DGRAM", 3 => "SOCK_RAW", 4 => "SOCK_RDM", 5 => "SOCK_SEQPACKET",
        6 => "SOCK_DCCP", 10 => "SOCK_PACKET", _ => null,
    };

    /// <summary>The socket type with its flags: SOCK_RAW|SOCK_NONBLOCK|SOCK_CLOEXEC.</summary>
    public static string Type(long type)
    {
        long baseType = type & 0xF;
        var text = new StringBuilder(BaseTypeName(baseType) ?? Number(baseType));
        if ((type & SOCK_NONBLOCK) != 0) text.Append("|SOCK_NONBLOCK");
        if ((type & SOCK_CLOEXEC) != 0) text.Append("|SOCK_CLOEXEC");
        long rest = type & ~(0xFL | SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (rest != 0) text.Append('|').Append(Number(rest));
        return text.ToString();
    }

    /// <summary>Parses SOCK_RAW, raw, dgram, 3 ... (the base type, flags ignored); null when unknown.</summary>
    public static int? ParseType(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number)) return number & 0xF;
        string upper = text.ToUpperInvariant();
        if (!upper.StartsWith("SOCK_", StringComparison.Ordinal)) upper = "SOCK_" + upper;
        for (int t = 1; t <= 10; t++)
            if (BaseTypeName(t) == upper) return t;
        return null;
    }

    /// <summary>The IPPROTO_* name of an IP protocol number (IPPROTO_ICMPV6 for 58); the number as text when unknown.</summary>
    public static string IpProtocol(long protocol) => protocol switch
    {
        0 => "IPPROTO_IP", 1 => "IPPROTO_ICMP", 2 => "IPPROTO_IGMP", 4 => "IPPROTO_IPIP", 6 => "IPPROTO_TCP",
        8 => "IPPROTO_EGP", 12 => "IPPROTO_PUP", 17 => "IPPROTO_UDP", 22 => "IPPROTO_IDP", 29 => "IPPROTO_TP",
        33 => "IPPROTO_DCCP", 41 => "IPPROTO_IPV6", 46 => "IPPROTO_RSVP", 47 => "IPPROTO_GRE", 50 => "IPPROTO_ESP",
        51 => "IPPROTO_AH", 58 => "IPPROTO_ICMPV6", 92 => "IPPROTO_MTP", 94 => "IPPROTO_BEETPH", 98 => "IPPROTO_ENCAP",
        103 => "IPPROTO_PIM", 108 => "IPPROTO_COMP", 115 => "IPPROTO_L2TP", 132 => "IPPROTO_SCTP",
        136 => "IPPROTO_UDPLITE", 137 => "IPPROTO_MPLS", 143 => "IPPROTO_ETHERNET", 255 => "IPPROTO_RAW",
        262 => "IPPROTO_MPTCP", _ => Number(protocol),
    };

    /// <summary>An ethertype in host order as if_ether.h names it.</summary>
    public static string EtherType(long etherType) => etherType switch
    {
        0x0003 => "ETH_P_ALL", 0x0800 => "ETH_P_IP", 0x0806 => "ETH_P_ARP", 0x86DD => "ETH_P_IPV6",
        0x8100 => "ETH_P_8021Q", 0x88A8 => "ETH_P_8021AD", 0x88CC => "ETH_P_LLDP", 0x888E => "ETH_P_PAE",
        0x8035 => "ETH_P_RARP", 0x8847 => "ETH_P_MPLS_UC", 0x8863 => "ETH_P_PPP_DISC", 0x8864 => "ETH_P_PPP_SES",
        0x88F7 => "ETH_P_1588", 0x0004 => "ETH_P_802_2", 0x0001 => "ETH_P_802_3", 0 => "0",
        _ => "0x" + etherType.ToString("x4", CultureInfo.InvariantCulture),
    };

    /// <summary>Short ethertype names as ss shows a packet socket's protocol (* for ETH_P_ALL).</summary>
    public static string EtherTypeShort(long etherType) => etherType switch
    {
        0x0003 => "*", 0x0800 => "ip", 0x0806 => "arp", 0x86DD => "ipv6", 0x8100 => "802.1Q",
        _ => "0x" + etherType.ToString("x4", CultureInfo.InvariantCulture),
    };

    /// <summary>The NETLINK_* name of a netlink protocol number (NETLINK_SOCK_DIAG for 4); the number as text when unknown.</summary>
    public static string NetlinkProtocol(long protocol) => protocol switch
    {
        0 => "NETLINK_ROUTE", 1 => "NETLINK_UNUSED", 2 => "NETLINK_USERSOCK", 3 => "NETLINK_FIREWALL",
        4 => "NETLINK_SOCK_DIAG", 5 => "NETLINK_NFLOG", 6 => "NETLINK_XFRM", 7 => "NETLINK_SELINUX",
        8 => "NETLINK_ISCSI", 9 => "NETLINK_AUDIT", 10 => "NETLINK_FIB_LOOKUP", 11 => "NETLINK_CONNECTOR",
        12 => "NETLINK_NETFILTER", 13 => "NETLINK_IP6_FW", 14 => "NETLINK_DNRTMSG", 15 => "NETLINK_KOBJECT_UEVENT",
        16 => "NETLINK_GENERIC", 18 => "NETLINK_SCSITRANSPORT", 19 => "NETLINK_ECRYPTFS", 20 => "NETLINK_RDMA",
        21 => "NETLINK_CRYPTO", 22 => "NETLINK_SMC", _ => Number(protocol),
    };

    /// <summary>socket()'s protocol argument, named according to the family: ETH_P_* for AF_PACKET (given in network order), IPPROTO_* for IP.</summary>
    public static string Protocol(long family, long protocol) => family switch
    {
        AF_PACKET => EtherType((ushort)System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((ushort)protocol)),
        AF_INET or AF_INET6 => IpProtocol(protocol),
        AF_NETLINK => NetlinkProtocol(protocol),
        _ => Number(protocol),
    };

    /// <summary>The SOL_* name of a setsockopt level (SOL_SOCKET for 1, SOL_PACKET for 263); the number as text when unknown.</summary>
    public static string SocketOptionLevel(long level) => level switch
    {
        1 => "SOL_SOCKET", 0 => "SOL_IP", 6 => "SOL_TCP", 17 => "SOL_UDP", 41 => "SOL_IPV6", 255 => "SOL_RAW",
        263 => "SOL_PACKET", _ => Number(level),
    };

    /// <summary>The name of a setsockopt option at <paramref name="level"/>, for the options the watch cares about (SO_ATTACH_FILTER, SO_ATTACH_BPF, PACKET_ADD_MEMBERSHIP ...); the number as text otherwise.</summary>
    public static string SocketOptionName(long level, long name) => (level, name) switch
    {
        (1, 26) => "SO_ATTACH_FILTER",
        (1, 27) => "SO_DETACH_FILTER",
        (1, 50) => "SO_ATTACH_BPF",
        (263, 1) => "PACKET_ADD_MEMBERSHIP",
        (263, 2) => "PACKET_DROP_MEMBERSHIP",
        _ => Number(name),
    };

    /// <summary>The PACKET_MR_* name of a packet membership type (PACKET_MR_PROMISC for 1); the number as text when unknown.</summary>
    public static string PacketMembershipType(long type) => type switch
    {
        0 => "PACKET_MR_MULTICAST", 1 => "PACKET_MR_PROMISC", 2 => "PACKET_MR_ALLMULTI", 3 => "PACKET_MR_UNICAST",
        _ => Number(type),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
