namespace SockScope.Wire.Decoding;

/// <summary>The protocol layers the decoder recognises.</summary>
public enum LayerKind : byte
{
    None = 0,
    Ethernet,
    Vlan,
    Sll,
    Sll2,
    NullLoopback,
    Arp,
    Ipv4,
    Ipv6,
    Ipv6HopByHop,
    Ipv6Routing,
    Ipv6Fragment,
    Ipv6DestinationOptions,
    Ipv6Authentication,
    Ipv6Mobility,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    Igmp,
    /// <summary>Bytes the decoder does not interpret (application data, unknown protocols, later fragments).</summary>
    Payload,
    /// <summary>A GRE header (RFC 2784/2890, PPTP's enhanced GRE); IPv4, IPv6 or Ethernet may follow.</summary>
    Gre,
    /// <summary>An IPsec Authentication Header after an IPv4 header (after IPv6 it is <see cref="Ipv6Authentication"/>).</summary>
    Authentication,
}
