namespace SockScope.Wire.Decoding;

/// <summary>The protocol layers the decoder recognises.</summary>
public enum LayerKind : byte
{
    /// <summary>No layer.</summary>
    None = 0,
    /// <summary>An Ethernet II or 802.3 header.</summary>
    Ethernet,
    /// <summary>An 802.1Q/802.1ad VLAN tag.</summary>
    Vlan,
    /// <summary>A Linux cooked (SLL) header.</summary>
    Sll,
    /// <summary>A Linux cooked v2 (SLL2) header.</summary>
    Sll2,
    /// <summary>A BSD loopback (NULL/LOOP) header.</summary>
    NullLoopback,
    /// <summary>An ARP or RARP packet.</summary>
    Arp,
    /// <summary>An IPv4 header.</summary>
    Ipv4,
    /// <summary>An IPv6 header.</summary>
    Ipv6,
    /// <summary>An IPv6 hop-by-hop options header.</summary>
    Ipv6HopByHop,
    /// <summary>An IPv6 routing header.</summary>
    Ipv6Routing,
    /// <summary>An IPv6 fragment header.</summary>
    Ipv6Fragment,
    /// <summary>An IPv6 destination options header.</summary>
    Ipv6DestinationOptions,
    /// <summary>An authentication header after IPv6.</summary>
    Ipv6Authentication,
    /// <summary>A Mobile IPv6 mobility header.</summary>
    Ipv6Mobility,
    /// <summary>A TCP header.</summary>
    Tcp,
    /// <summary>A UDP header.</summary>
    Udp,
    /// <summary>An ICMP header.</summary>
    Icmp,
    /// <summary>An ICMPv6 header.</summary>
    Icmpv6,
    /// <summary>An IGMP header.</summary>
    Igmp,
    /// <summary>Bytes the decoder does not interpret (application data, unknown protocols, later fragments).</summary>
    Payload,
    /// <summary>A GRE header (RFC 2784/2890, PPTP's enhanced GRE); IPv4, IPv6 or Ethernet may follow.</summary>
    Gre,
    /// <summary>An IPsec Authentication Header after an IPv4 header (after IPv6 it is <see cref="Ipv6Authentication"/>).</summary>
    Authentication,
    /// <summary>One MPLS label stack entry (RFC 3032); a stack is one layer per entry, outermost first, as VLAN tags are.</summary>
    Mpls,
}
