namespace SockScope.Net.Probing;

/// <summary>Which kind of ICMP socket a probe uses.</summary>
public enum PingSocketKind
{
    /// <summary>SOCK_RAW: needs CAP_NET_RAW; sees every ICMP message, filtered by identifier here.</summary>
    Raw,
    /// <summary>
    /// SOCK_DGRAM + IPPROTO_ICMP(V6), the "ping socket": needs the group in net.ipv4.ping_group_range;
    /// the kernel picks the identifier, filters replies, and reports errors on the IP_RECVERR queue.
    /// </summary>
    Datagram,
}
