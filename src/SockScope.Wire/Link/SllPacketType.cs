namespace SockScope.Wire.Link;

/// <summary>The Linux packet type (sll_pkttype) recorded by cooked captures.</summary>
public enum SllPacketType : ushort
{
    /// <summary>PACKET_HOST (0): addressed to this host (tcpdump prints "In").</summary>
    Host = 0,
    /// <summary>PACKET_BROADCAST (1): a link-layer broadcast ("B").</summary>
    Broadcast = 1,
    /// <summary>PACKET_MULTICAST (2): a link-layer multicast ("M").</summary>
    Multicast = 2,
    /// <summary>PACKET_OTHERHOST (3): addressed to another host, seen in promiscuous mode ("P").</summary>
    OtherHost = 3,
    /// <summary>PACKET_OUTGOING (4): sent by this host ("Out").</summary>
    Outgoing = 4,
}
