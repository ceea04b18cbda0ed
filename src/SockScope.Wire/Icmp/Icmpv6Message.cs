using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Icmp;

/// <summary>ICMPv6 message types (RFC 4443, 4861, 2710, 3810, 2894, 4620, 6275, 6550).</summary>
public enum Icmpv6Type : byte
{
    DestinationUnreachable = 1,
    PacketTooBig = 2,
    TimeExceeded = 3,
    ParameterProblem = 4,
    EchoRequest = 128,
    EchoReply = 129,
    MulticastListenerQuery = 130,
    MulticastListenerReport = 131,
    MulticastListenerDone = 132,
    RouterSolicitation = 133,
    RouterAdvertisement = 134,
    NeighborSolicitation = 135,
    NeighborAdvertisement = 136,
    Redirect = 137,
    RouterRenumbering = 138,
    NodeInformationQuery = 139,
    NodeInformationReply = 140,
    InverseNeighborSolicitation = 141,
    InverseNeighborAdvertisement = 142,
    MulticastListenerReportV2 = 143,
    HomeAgentDiscoveryRequest = 144,
    HomeAgentDiscoveryReply = 145,
    MobilePrefixSolicitation = 146,
    MobilePrefixAdvertisement = 147,
    Rpl = 155,
    MtraceResponse = 200,
    Mtrace = 201,
}

/// <summary>Neighbour-discovery option types (RFC 4861, 4191, 6106/8106, 6275).</summary>
public enum NdOptionType : byte
{
    SourceLinkLayerAddress = 1,
    TargetLinkLayerAddress = 2,
    PrefixInformation = 3,
    RedirectedHeader = 4,
    Mtu = 5,
    AdvertisementInterval = 7,
    HomeAgentInformation = 8,
    RouteInformation = 24,
    RecursiveDnsServer = 25,
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

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Icmpv6Message message, out WireError error)
    {
        error = bytes.Length < Icmpv6Offsets.HeaderLength ? WireError.Truncated : WireError.None;
        message = error == WireError.None ? new Icmpv6Message(bytes) : default;
        return error == WireError.None;
    }

    public ReadOnlySpan<byte> Bytes => _b;
    public Icmpv6Type Type => (Icmpv6Type)_b[Icmpv6Offsets.Type];
    public byte Code => _b[Icmpv6Offsets.Code];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[Icmpv6Offsets.Checksum..]);
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_b[Icmpv6Offsets.Identifier..]);
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_b[Icmpv6Offsets.SequenceNumber..]);
    /// <summary>Packet too big: the MTU of the next hop.</summary>
    public uint Mtu => BinaryPrimitives.ReadUInt32BigEndian(_b[Icmpv6Offsets.Mtu..]);
    /// <summary>Parameter problem: offset of the erroneous octet.</summary>
    public uint Pointer => BinaryPrimitives.ReadUInt32BigEndian(_b[Icmpv6Offsets.Pointer..]);
    public ReadOnlySpan<byte> Body => _b[Icmpv6Offsets.HeaderLength..];

    /// <summary>Types below 128 are errors and quote the offending packet.</summary>
    public bool IsError => (byte)Type < 128;
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
