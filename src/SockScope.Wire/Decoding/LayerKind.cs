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
}
