using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Icmp;

/// <summary>ICMPv4 message types (RFC 792, 950, 1256, 8335).</summary>
public enum IcmpType : byte
{
    EchoReply = 0,
    DestinationUnreachable = 3,
    SourceQuench = 4,
    Redirect = 5,
    EchoRequest = 8,
    RouterAdvertisement = 9,
    RouterSolicitation = 10,
    TimeExceeded = 11,
    ParameterProblem = 12,
    TimestampRequest = 13,
    TimestampReply = 14,
    InformationRequest = 15,
    InformationReply = 16,
    AddressMaskRequest = 17,
    AddressMaskReply = 18,
    ExtendedEchoRequest = 42,
    ExtendedEchoReply = 43,
}

/// <summary>Destination-unreachable codes (RFC 792, 1812).</summary>
public enum IcmpUnreachableCode : byte
{
    Network = 0, Host = 1, Protocol = 2, Port = 3, FragmentationNeeded = 4, SourceRouteFailed = 5,
    NetworkUnknown = 6, HostUnknown = 7, SourceHostIsolated = 8, NetworkProhibited = 9, HostProhibited = 10,
    NetworkTos = 11, HostTos = 12, AdministrativelyProhibited = 13, HostPrecedenceViolation = 14, PrecedenceCutoff = 15,
}

internal static class IcmpOffsets
{
    public const int Type = 0;
    public const int Code = 1;
    public const int Checksum = 2;
    public const int Identifier = 4;
    public const int SequenceNumber = 6;
    public const int Gateway = 4;
    public const int Pointer = 4;
    public const int NextHopMtu = 6;
    public const int HeaderLength = 8;
    // Timestamp messages (RFC 792): originate, receive, transmit after the 8-byte header.
    public const int OriginateTimestamp = 8;
    public const int ReceiveTimestamp = 12;
    public const int TransmitTimestamp = 16;
    public const int AddressMask = 8;
    // Router advertisement (RFC 1256)
    public const int AddressCount = 4;
    public const int AddressEntrySize = 5;
    public const int Lifetime = 6;
}

/// <summary>
/// An ICMPv4 message: the 8-byte header (type, code, checksum, four type-specific bytes) and the
/// body. For error messages the body quotes the offending IP datagram (<see cref="QuotedDatagram"/>).
/// </summary>
public readonly ref struct IcmpMessage
{
    private readonly ReadOnlySpan<byte> _b;

    private IcmpMessage(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out IcmpMessage message, out WireError error)
    {
        error = bytes.Length < IcmpOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        message = error == WireError.None ? new IcmpMessage(bytes) : default;
        return error == WireError.None;
    }

    public ReadOnlySpan<byte> Bytes => _b;
    public IcmpType Type => (IcmpType)_b[IcmpOffsets.Type];
    public byte Code => _b[IcmpOffsets.Code];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.Checksum..]);
    /// <summary>Echo, timestamp, information and mask messages.</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.Identifier..]);
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.SequenceNumber..]);
    /// <summary>Redirect: the better first hop.</summary>
    public Ipv4Address Gateway => Ipv4Address.Read(_b[IcmpOffsets.Gateway..]);
    /// <summary>Parameter problem: the octet where the error was found.</summary>
    public byte Pointer => _b[IcmpOffsets.Pointer];
    /// <summary>Fragmentation needed (RFC 1191): the next-hop MTU, 0 when the router does not say.</summary>
    public ushort NextHopMtu => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.NextHopMtu..]);
    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_b[IcmpOffsets.Identifier..]);
    public ReadOnlySpan<byte> Body => _b[IcmpOffsets.HeaderLength..];

    /// <summary>Errors quote the datagram that caused them.</summary>
    public bool IsError => IsErrorType(Type);

    /// <summary>The quoted IP datagram of an error message (empty for other types).</summary>
    public ReadOnlySpan<byte> QuotedDatagram => IsError ? Body : default;

    public bool IsEcho => Type is IcmpType.EchoRequest or IcmpType.EchoReply;

    /// <summary>True when the checksum over the whole message verifies.</summary>
    public bool ChecksumValid => InternetChecksum.Compute(_b) == 0;

    public static bool IsErrorType(IcmpType type) =>
        type is IcmpType.DestinationUnreachable or IcmpType.SourceQuench or IcmpType.Redirect
            or IcmpType.TimeExceeded or IcmpType.ParameterProblem;
}
