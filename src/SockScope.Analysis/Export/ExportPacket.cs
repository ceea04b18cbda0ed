using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

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

    // The IP header fields both classifiers read (from the decoder's layers, or from the captured
    // bytes of a packet the decoder stopped on); inlined, as they run for every packet.

    /// <summary>Addresses, protocol, TOS and the fragment flag from an IPv4 header of at least 20 captured bytes; true for a later fragment (no transport header to read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool ReadIpv4Fields(ReadOnlySpan<byte> ip)
    {
        int flags = BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv4Offsets.FlagsAndFragmentOffset..]);
        SourceLow = Ipv4Address.Read(ip[Ipv4Offsets.Source..]).Value;
        DestinationLow = Ipv4Address.Read(ip[Ipv4Offsets.Destination..]).Value;
        Protocol = ip[Ipv4Offsets.Protocol];
        TypeOfService = ip[Ipv4Offsets.TypeOfService];
        IsFragment = (flags & (Ipv4Offsets.MoreFragmentsFlag | Ipv4Offsets.FragmentOffsetMask)) != 0;
        return (flags & Ipv4Offsets.FragmentOffsetMask) != 0;
    }

    /// <summary>Addresses and traffic class from an IPv6 header of at least 40 captured bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReadIpv6Fields(ReadOnlySpan<byte> ip)
    {
        IsIpv6 = true;
        Ipv6Address source = Ipv6Address.Read(ip[Ipv6Offsets.Source..]), destination = Ipv6Address.Read(ip[Ipv6Offsets.Destination..]);
        SourceHigh = source.High;
        SourceLow = source.Low;
        DestinationHigh = destination.High;
        DestinationLow = destination.Low;
        TypeOfService = (byte)(BinaryPrimitives.ReadUInt16BigEndian(ip) >> 4);
    }
}
