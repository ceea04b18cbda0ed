namespace SockScope.Analysis.Export;

/// <summary>
/// One exported flow record: a unidirectional flow (one per direction, as softflowd exports them),
/// or with <see cref="HasReverse"/> an RFC 5103 biflow whose reverse counters describe the answer
/// direction. Addresses are held as two 64-bit halves in network order; an IPv4 address is in the
/// low 32 bits of <see cref="SourceLow"/> / <see cref="DestinationLow"/>.
/// </summary>
public struct FlowRecord
{
    /// <summary>True for IPv6 addresses, false for IPv4.</summary>
    public bool IsIpv6;
    /// <summary>First 8 bytes of the IPv6 source address (0 for IPv4).</summary>
    public ulong SourceHigh;
    /// <summary>Last 8 bytes of the IPv6 source address, or the IPv4 source address.</summary>
    public ulong SourceLow;
    /// <summary>First 8 bytes of the IPv6 destination address (0 for IPv4).</summary>
    public ulong DestinationHigh;
    /// <summary>Last 8 bytes of the IPv6 destination address, or the IPv4 destination address.</summary>
    public ulong DestinationLow;
    /// <summary>Source port (0 for protocols without ports and for non-first fragments).</summary>
    public ushort SourcePort;
    /// <summary>Destination port; for ICMP and ICMPv6 the type * 256 + code.</summary>
    public ushort DestinationPort;
    /// <summary>IP protocol number.</summary>
    public byte Protocol;
    /// <summary>TCP flags of every packet in this direction, ORed.</summary>
    public byte TcpFlags;
    /// <summary>TOS byte or traffic class of the direction's first packet.</summary>
    public byte TypeOfService;
    /// <summary>Packets in this direction.</summary>
    public ulong Packets;
    /// <summary>Bytes in this direction: each packet's length on the wire from the IP header on.</summary>
    public ulong Bytes;
    /// <summary>Time of the first packet, milliseconds since 1970 (UTC).</summary>
    public long StartMilliseconds;
    /// <summary>Time of the last packet, milliseconds since 1970 (UTC).</summary>
    public long EndMilliseconds;
    /// <summary>Why the record was exported.</summary>
    public FlowEndReason EndReason;
    /// <summary>Biflow: the reverse counters below are set.</summary>
    public bool HasReverse;
    /// <summary>Biflow: packets in the reverse direction.</summary>
    public ulong ReversePackets;
    /// <summary>Biflow: bytes in the reverse direction.</summary>
    public ulong ReverseBytes;
    /// <summary>Biflow: TCP flags in the reverse direction, ORed.</summary>
    public byte ReverseTcpFlags;
    /// <summary>Biflow: TOS of the reverse direction's first packet.</summary>
    public byte ReverseTypeOfService;
    /// <summary>Biflow: ICMP type * 256 + code of the reverse direction.</summary>
    public ushort ReverseIcmpTypeCode;

    /// <summary>ICMP or ICMPv6 type * 256 + code (the destination port of such a record), else 0.</summary>
    public readonly ushort IcmpTypeCode => Protocol is 1 or 58 ? DestinationPort : (ushort)0;
}
