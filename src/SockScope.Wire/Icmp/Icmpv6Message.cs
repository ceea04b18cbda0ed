using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Icmp;

/// <summary>ICMPv6 message types (RFC 4443, 4861, 2710, 3810, 2894, 4620, 6275, 6550).</summary>
public enum Icmpv6Type : byte
{
    /// <summary>Destination unreachable (1, RFC 4443): no route, prohibited, address or port unreachable.</summary>
    DestinationUnreachable = 1,
    /// <summary>Packet too big (2, RFC 4443): the MTU field gives the next hop's MTU; path MTU discovery relies on it.</summary>
    PacketTooBig = 2,
    /// <summary>Time exceeded (3, RFC 4443): hop limit reached 0 (code 0) or reassembly timed out (code 1).</summary>
    TimeExceeded = 3,
    /// <summary>Parameter problem (4, RFC 4443): the pointer gives the offset of the bad field.</summary>
    ParameterProblem = 4,
    /// <summary>Echo request (128, RFC 4443): a ping.</summary>
    EchoRequest = 128,
    /// <summary>Echo reply (129, RFC 4443).</summary>
    EchoReply = 129,
    /// <summary>Multicast listener query (130, MLD, RFC 2710; version 2 when 28 bytes or longer, RFC 3810).</summary>
    MulticastListenerQuery = 130,
    /// <summary>Multicast listener report, version 1 (131, RFC 2710).</summary>
    MulticastListenerReport = 131,
    /// <summary>Multicast listener done (132, RFC 2710): the host leaves a group.</summary>
    MulticastListenerDone = 132,
    /// <summary>Router solicitation (133, RFC 4861): asks routers to advertise now.</summary>
    RouterSolicitation = 133,
    /// <summary>Router advertisement (134, RFC 4861): prefixes, MTU, default router lifetime.</summary>
    RouterAdvertisement = 134,
    /// <summary>Neighbor solicitation (135, RFC 4861): address resolution and duplicate address detection.</summary>
    NeighborSolicitation = 135,
    /// <summary>Neighbor advertisement (136, RFC 4861): the answer with the target's link-layer address.</summary>
    NeighborAdvertisement = 136,
    /// <summary>Redirect (137, RFC 4861): a better first hop for a destination.</summary>
    Redirect = 137,
    /// <summary>Router renumbering (138, RFC 2894).</summary>
    RouterRenumbering = 138,
    /// <summary>Node information query (139, RFC 4620).</summary>
    NodeInformationQuery = 139,
    /// <summary>Node information reply (140, RFC 4620).</summary>
    NodeInformationReply = 140,
    /// <summary>Inverse neighbor discovery solicitation (141, RFC 3122).</summary>
    InverseNeighborSolicitation = 141,
    /// <summary>Inverse neighbor discovery advertisement (142, RFC 3122).</summary>
    InverseNeighborAdvertisement = 142,
    /// <summary>Version 2 multicast listener report (143, RFC 3810).</summary>
    MulticastListenerReportV2 = 143,
    /// <summary>Home agent address discovery request (144, Mobile IPv6, RFC 6275).</summary>
    HomeAgentDiscoveryRequest = 144,
    /// <summary>Home agent address discovery reply (145, RFC 6275).</summary>
    HomeAgentDiscoveryReply = 145,
    /// <summary>Mobile prefix solicitation (146, RFC 6275).</summary>
    MobilePrefixSolicitation = 146,
    /// <summary>Mobile prefix advertisement (147, RFC 6275).</summary>
    MobilePrefixAdvertisement = 147,
    /// <summary>RPL control message (155, RFC 6550): DIS, DIO, DAO and their acknowledgements.</summary>
    Rpl = 155,
    /// <summary>Multicast traceroute response (200).</summary>
    MtraceResponse = 200,
    /// <summary>Multicast traceroute query (201).</summary>
    Mtrace = 201,
}

/// <summary>Neighbour-discovery option types (RFC 4861, 4191, 6106/8106, 6275).</summary>
public enum NdOptionType : byte
{
    /// <summary>Source link-layer address (1, RFC 4861): the sender's MAC address.</summary>
    SourceLinkLayerAddress = 1,
    /// <summary>Target link-layer address (2, RFC 4861): the target's MAC address, in advertisements and redirects.</summary>
    TargetLinkLayerAddress = 2,
    /// <summary>Prefix information (3, RFC 4861): an on-link or SLAAC prefix with its lifetimes.</summary>
    PrefixInformation = 3,
    /// <summary>Redirected header (4, RFC 4861): the start of the packet that caused a redirect.</summary>
    RedirectedHeader = 4,
    /// <summary>MTU (5, RFC 4861): the link MTU routers advertise.</summary>
    Mtu = 5,
    /// <summary>Advertisement interval (7, RFC 6275), in milliseconds.</summary>
    AdvertisementInterval = 7,
    /// <summary>Home agent information (8, RFC 6275).</summary>
    HomeAgentInformation = 8,
    /// <summary>Route information (24, RFC 4191): a more specific route with its preference.</summary>
    RouteInformation = 24,
    /// <summary>Recursive DNS server addresses (25, RFC 8106).</summary>
    RecursiveDnsServer = 25,
    /// <summary>DNS search list (31, RFC 8106).</summary>
    DnsSearchList = 31,
}

internal static class Icmpv6Offsets
{
    public const int Type = 0;
    public const int Code = 1;
    public const int Checksum = 2;
    public const int Identifier = 4;
    public const int SequenceNumber = 6;
    public const int Mtu = 4;
    public const int Pointer = 4;
    public const int HeaderLength = 8;
    /// <summary>Target of NS/NA, destination... all neighbour-discovery addresses start here.</summary>
    public const int NdTarget = 8;
    public const int RedirectDestination = 24;
    public const int RouterSolicitationOptions = 8;
    public const int RouterAdvertisementOptions = 16;
    public const int NeighborOptions = 24;
    public const int RedirectOptions = 40;
    public const int MldMaxResponseDelay = 4;
    public const int MldAddress = 8;
    public const int MldLength = 24;
    public const int MldV2QueryLength = 28;
    public const int MldV2RecordCount = 6;
    public const int NodeInfoLength = 16;
}

/// <summary>
/// An ICMPv6 message: type, code, checksum and the four bytes after them are validated (8 bytes);
/// the body is type-specific. Checksum verification needs the IPv6 addresses (pseudo-header).
/// </summary>
public readonly ref struct Icmpv6Message
{
    private readonly ReadOnlySpan<byte> _b;

    private Icmpv6Message(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> (the payload after the IPv6 header chain) as an ICMPv6 message, without copying.</summary>
    /// <param name="bytes">The message from its type byte to the end of the capture.</param>
    /// <param name="message">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than the 8 header bytes are present.</param>
    /// <returns>True when the 8-byte header is complete; the checksum is not checked (see <see cref="ChecksumValid"/>).</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Icmpv6Message message, out WireError error)
    {
        error = bytes.Length < Icmpv6Offsets.HeaderLength ? WireError.Truncated : WireError.None;
        message = error == WireError.None ? new Icmpv6Message(bytes) : default;
        return error == WireError.None;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Bytes => _b;
    /// <summary>The type byte (RFC 4443): below 128 an error, from 128 an informational message.</summary>
    public Icmpv6Type Type => (Icmpv6Type)_b[Icmpv6Offsets.Type];
    /// <summary>The code byte, whose meaning depends on <see cref="Type"/>.</summary>
    public byte Code => _b[Icmpv6Offsets.Code];
    /// <summary>The checksum field as sent: the ones' complement sum over the IPv6 pseudo-header and the message.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[Icmpv6Offsets.Checksum..]);
    /// <summary>The echo identifier (bytes 4-5, big-endian); meaningful for echo request and reply.</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_b[Icmpv6Offsets.Identifier..]);
    /// <summary>The echo sequence number (bytes 6-7, big-endian); meaningful for echo request and reply.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_b[Icmpv6Offsets.SequenceNumber..]);
    /// <summary>Packet too big: the MTU of the next hop.</summary>
    public uint Mtu => BinaryPrimitives.ReadUInt32BigEndian(_b[Icmpv6Offsets.Mtu..]);
    /// <summary>Parameter problem: offset of the erroneous octet.</summary>
    public uint Pointer => BinaryPrimitives.ReadUInt32BigEndian(_b[Icmpv6Offsets.Pointer..]);
    /// <summary>Everything after the 8-byte header: echo data, ND fields and options, or the quoted packet of an error.</summary>
    public ReadOnlySpan<byte> Body => _b[Icmpv6Offsets.HeaderLength..];

    /// <summary>Types below 128 are errors and quote the offending packet.</summary>
    public bool IsError => (byte)Type < 128;
    /// <summary>The quoted IPv6 packet of an error message, as much of it as fits in the minimum MTU; empty for informational messages.</summary>
    public ReadOnlySpan<byte> QuotedPacket => IsError ? Body : default;

    /// <summary>NS/NA/redirect target address, when the message is long enough to hold it.</summary>
    public bool TryGetTargetAddress(out Ipv6Address target)
    {
        target = default;
        if (Type is not (Icmpv6Type.NeighborSolicitation or Icmpv6Type.NeighborAdvertisement or Icmpv6Type.Redirect)
            || _b.Length < Icmpv6Offsets.NdTarget + Ipv6Address.Size) return false;
        target = Ipv6Address.Read(_b[Icmpv6Offsets.NdTarget..]);
        return true;
    }

    /// <summary>The neighbour-discovery options of RS/RA/NS/NA/redirect messages (empty for other types).</summary>
    public NdOptionReader Options
    {
        get
        {
            int start = Type switch
            {
                Icmpv6Type.RouterSolicitation => Icmpv6Offsets.RouterSolicitationOptions,
                Icmpv6Type.RouterAdvertisement => Icmpv6Offsets.RouterAdvertisementOptions,
                Icmpv6Type.NeighborSolicitation or Icmpv6Type.NeighborAdvertisement => Icmpv6Offsets.NeighborOptions,
                Icmpv6Type.Redirect => Icmpv6Offsets.RedirectOptions,
                _ => _b.Length,
            };
            return new NdOptionReader(start <= _b.Length ? _b[start..] : default);
        }
    }

    /// <summary>Verifies the checksum with the IPv6 pseudo-header.</summary>
    public bool ChecksumValid(Ipv6Address source, Ipv6Address destination) =>
        Checksums.InternetChecksum.Verify(source, destination, Ip.IpProtocol.Icmpv6, _b);
}

/// <summary>Iterates over neighbour-discovery options (type, length in 8-byte units, data); stops at a zero length or overrun.</summary>
public ref struct NdOptionReader
{
    private ReadOnlySpan<byte> _rest;

    internal NdOptionReader(ReadOnlySpan<byte> options) => _rest = options;

    /// <summary>Why reading stopped early: <see cref="WireError.Truncated"/> when an option runs past the message, <see cref="WireError.BadOption"/> for a zero length; <see cref="WireError.None"/> otherwise.</summary>
    public WireError Error { get; private set; }

    /// <summary>Reads the next option; <paramref name="data"/> excludes the two-byte option header.</summary>
    public bool TryRead(out NdOptionType type, out ReadOnlySpan<byte> data)
    {
        type = default;
        data = default;
        if (_rest.IsEmpty || Error != WireError.None) return false;
        if (_rest.Length < 2) { Error = WireError.Truncated; return false; }
        int length = _rest[1] * 8;
        if (length == 0) { Error = WireError.BadOption; return false; }
        if (length > _rest.Length) { Error = WireError.Truncated; return false; }
        type = (NdOptionType)_rest[0];
        data = _rest[2..length];
        _rest = _rest[length..];
        return true;
    }
}
