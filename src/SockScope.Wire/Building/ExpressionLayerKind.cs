namespace SockScope.Wire.Building;

/// <summary>
/// What a layer of a <see cref="LayerExpression"/> is. The outermost one decides how the packet
/// is sent (<see cref="LayerExpression.Outermost"/>). Not the decoder's
/// <see cref="Decoding.LayerKind"/>, which names the layers found in a received packet.
/// </summary>
public enum ExpressionLayerKind
{
    Ethernet,
    Arp,
    Ipv4,
    Ipv6,
    Ipv6Extension,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    Payload,
}
