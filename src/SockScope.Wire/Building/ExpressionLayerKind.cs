namespace SockScope.Wire.Building;

/// <summary>
/// What a layer of a <see cref="LayerExpression"/> is. The outermost one decides how the packet
/// is sent (<see cref="LayerExpression.Outermost"/>). Not the decoder's
/// <see cref="Decoding.LayerKind"/>, which names the layers found in a received packet.
/// </summary>
public enum ExpressionLayerKind
{
    /// <summary>An Ethernet II header (<c>ether</c>); as the outermost layer, the packet is sent as a frame on a packet socket.</summary>
    Ethernet,
    /// <summary>An ARP message for Ethernet and IPv4 (<c>arp</c>).</summary>
    Arp,
    /// <summary>An IPv4 header (<c>ipv4</c>, <c>ip</c>); as the outermost layer, the packet is sent on a raw IPv4 socket.</summary>
    Ipv4,
    /// <summary>An IPv6 fixed header (<c>ipv6</c>, <c>ip6</c>); as the outermost layer, the packet is sent on a raw IPv6 socket.</summary>
    Ipv6,
    /// <summary>An IPv6 extension header (<c>hbh</c>, <c>dstopts</c>, <c>routing</c>, <c>frag</c>).</summary>
    Ipv6Extension,
    /// <summary>A TCP header (<c>tcp</c>).</summary>
    Tcp,
    /// <summary>A UDP header (<c>udp</c>).</summary>
    Udp,
    /// <summary>An ICMPv4 header (<c>icmp</c>).</summary>
    Icmp,
    /// <summary>An ICMPv6 header (<c>icmpv6</c>).</summary>
    Icmpv6,
    /// <summary>Raw bytes: a quoted string, or <c>raw(HEX)</c> with data, text or a length of zeros.</summary>
    Payload,
}
