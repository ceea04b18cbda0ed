namespace SockScope.Wire.Link;

/// <summary>The Linux packet type (sll_pkttype) recorded by cooked captures.</summary>
public enum SllPacketType : ushort
{
    Host = 0,
    Broadcast = 1,
    Multicast = 2,
    OtherHost = 3,
    Outgoing = 4,
}
