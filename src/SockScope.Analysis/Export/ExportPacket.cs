namespace SockScope.Analysis.Export;

/// <summary>
/// What flow accounting takes from one packet, keyed as softflowd 1.1 keys it: addresses, IP
/// protocol, ports (ICMP: 0 and type * 256 + code; non-first fragments: 0 and 0), the TCP flags,
/// the class of service and the bytes from the IP header to the end of the packet on the wire.
/// </summary>
public struct ExportPacket
{
    /// <summary>True for IPv6.</summary>
    public bool IsIpv6;
    /// <summary>First 8 bytes of the IPv6 source (0 for IPv4).</summary>
    public ulong SourceHigh;
    /// <summary>Last 8 bytes of the IPv6 source, or the IPv4 source.</summary>
    public ulong SourceLow;
    /// <summary>First 8 bytes of the IPv6 destination (0 for IPv4).</summary>
    public ulong DestinationHigh;
    /// <summary>Last 8 bytes of the IPv6 destination, or the IPv4 destination.</summary>
    public ulong DestinationLow;
    /// <summary>IP protocol number (softflowd: 0 for a later IPv6 fragment).</summary>
    public byte Protocol;
    /// <summary>Source port, or 0.</summary>
    public ushort SourcePort;
    /// <summary>Destination port, ICMP type * 256 + code, or 0.</summary>
    public ushort DestinationPort;
    /// <summary>TCP flags (low 8 bits), 0 for other protocols.</summary>
    public byte TcpFlags;
    /// <summary>IPv4 TOS or IPv6 traffic class.</summary>
    public byte TypeOfService;
    /// <summary>Bytes on the wire from the IP header on (the packet's original length minus its link header).</summary>
    public uint Bytes;
    /// <summary>True for a fragment (first or later).</summary>
    public bool IsFragment;
}
