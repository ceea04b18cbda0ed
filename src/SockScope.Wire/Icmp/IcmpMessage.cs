using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Icmp;

/// <summary>ICMPv4 message types (RFC 792, 950, 1256, 8335).</summary>
public enum IcmpType : byte
{
    /// <summary>Echo reply (0, RFC 792): the answer to a ping.</summary>
    EchoReply = 0,
    /// <summary>Destination unreachable (3, RFC 792): the code says what could not be reached.</summary>
    DestinationUnreachable = 3,
    /// <summary>Source quench (4, RFC 792): slow down; deprecated by RFC 6633.</summary>
    SourceQuench = 4,
    /// <summary>Redirect (5, RFC 792): a better first hop exists for the destination.</summary>
    Redirect = 5,
    /// <summary>Echo request (8, RFC 792): a ping.</summary>
    EchoRequest = 8,
    /// <summary>Router advertisement (9, RFC 1256).</summary>
    RouterAdvertisement = 9,
    /// <summary>Router solicitation (10, RFC 1256).</summary>
    RouterSolicitation = 10,
    /// <summary>Time exceeded (11, RFC 792): TTL reached 0 in transit (code 0) or reassembly timed out (code 1); what traceroute reads.</summary>
    TimeExceeded = 11,
    /// <summary>Parameter problem (12, RFC 792): a header field is bad; the pointer locates it.</summary>
    ParameterProblem = 12,
    /// <summary>Timestamp request (13, RFC 792).</summary>
    TimestampRequest = 13,
    /// <summary>Timestamp reply (14, RFC 792): originate, receive and transmit times in milliseconds since midnight UT.</summary>
    TimestampReply = 14,
    /// <summary>Information request (15, RFC 792); obsolete.</summary>
    InformationRequest = 15,
    /// <summary>Information reply (16, RFC 792); obsolete.</summary>
    InformationReply = 16,
    /// <summary>Address mask request (17, RFC 950); deprecated.</summary>
    AddressMaskRequest = 17,
    /// <summary>Address mask reply (18, RFC 950); deprecated.</summary>
    AddressMaskReply = 18,
    /// <summary>Extended echo request (42, RFC 8335): probes an interface of the target (PROBE).</summary>
    ExtendedEchoRequest = 42,
    /// <summary>Extended echo reply (43, RFC 8335).</summary>
    ExtendedEchoReply = 43,
}

/// <summary>Destination-unreachable codes (RFC 792, 1812).</summary>
public enum IcmpUnreachableCode : byte
{
    /// <summary>Network unreachable (0).</summary>
    Network = 0,
    /// <summary>Host unreachable (1): e.g. no ARP answer from the last router.</summary>
    Host = 1,
    /// <summary>Protocol unreachable (2): the destination does not handle the IP protocol.</summary>
    Protocol = 2,
    /// <summary>Port unreachable (3): no socket listens on the UDP port.</summary>
    Port = 3,
    /// <summary>Fragmentation needed and DF set (4): the next-hop MTU is in bytes 6-7 (RFC 1191).</summary>
    FragmentationNeeded = 4,
    /// <summary>Source route failed (5).</summary>
    SourceRouteFailed = 5,
    /// <summary>Destination network unknown (6, RFC 1122).</summary>
    NetworkUnknown = 6,
    /// <summary>Destination host unknown (7, RFC 1122).</summary>
    HostUnknown = 7,
    /// <summary>Source host isolated (8, RFC 1122); obsolete.</summary>
    SourceHostIsolated = 8,
    /// <summary>Communication with the network administratively prohibited (9, RFC 1122).</summary>
    NetworkProhibited = 9,
    /// <summary>Communication with the host administratively prohibited (10, RFC 1122).</summary>
    HostProhibited = 10,
    /// <summary>Network unreachable for the type of service (11, RFC 1122).</summary>
    NetworkTos = 11,
    /// <summary>Host unreachable for the type of service (12, RFC 1122).</summary>
    HostTos = 12,
    /// <summary>Communication administratively prohibited, by a filter (13, RFC 1812).</summary>
    AdministrativelyProhibited = 13,
    /// <summary>Host precedence violation (14, RFC 1812).</summary>
    HostPrecedenceViolation = 14,
    /// <summary>Precedence cutoff in effect (15, RFC 1812).</summary>
    PrecedenceCutoff = 15,
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

    /// <summary>Wraps <paramref name="bytes"/> (the IP payload) as an ICMP message, without copying.</summary>
    /// <param name="bytes">The message from its type byte to the end of the capture.</param>
    /// <param name="message">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than the 8 header bytes are present.</param>
    /// <returns>True when the 8-byte header is complete; the checksum is not checked (see <see cref="ChecksumValid"/>).</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out IcmpMessage message, out WireError error)
    {
        error = bytes.Length < IcmpOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        message = error == WireError.None ? new IcmpMessage(bytes) : default;
        return error == WireError.None;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Bytes => _b;
    /// <summary>The type byte (RFC 792); values not in <see cref="IcmpType"/> are kept as numbers.</summary>
    public IcmpType Type => (IcmpType)_b[IcmpOffsets.Type];
    /// <summary>The code byte, whose meaning depends on <see cref="Type"/> (e.g. <see cref="IcmpUnreachableCode"/>).</summary>
    public byte Code => _b[IcmpOffsets.Code];
    /// <summary>The checksum field as sent (big-endian on the wire): the ones' complement sum over the whole message.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.Checksum..]);
    /// <summary>Echo, timestamp, information and mask messages.</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.Identifier..]);
    /// <summary>The sequence number of echo, timestamp, information and mask messages (bytes 6-7, big-endian).</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.SequenceNumber..]);
    /// <summary>Redirect: the better first hop.</summary>
    public Ipv4Address Gateway => Ipv4Address.Read(_b[IcmpOffsets.Gateway..]);
    /// <summary>Parameter problem: the octet where the error was found.</summary>
    public byte Pointer => _b[IcmpOffsets.Pointer];
    /// <summary>Fragmentation needed (RFC 1191): the next-hop MTU, 0 when the router does not say.</summary>
    public ushort NextHopMtu => BinaryPrimitives.ReadUInt16BigEndian(_b[IcmpOffsets.NextHopMtu..]);
    /// <summary>Bytes 4-7 as one big-endian word, whatever the type makes of them (id and sequence, gateway, pointer, MTU ...).</summary>
    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_b[IcmpOffsets.Identifier..]);
    /// <summary>Everything after the 8-byte header: echo data, timestamps, or the quoted datagram of an error.</summary>
    public ReadOnlySpan<byte> Body => _b[IcmpOffsets.HeaderLength..];

    /// <summary>Errors quote the datagram that caused them.</summary>
    public bool IsError => IsErrorType(Type);

    /// <summary>The quoted IP datagram of an error message (empty for other types).</summary>
    public ReadOnlySpan<byte> QuotedDatagram => IsError ? Body : default;

    /// <summary>True for an echo request or reply (ping).</summary>
    public bool IsEcho => Type is IcmpType.EchoRequest or IcmpType.EchoReply;

    /// <summary>True when the checksum over the whole message verifies.</summary>
    public bool ChecksumValid => InternetChecksum.Compute(_b) == 0;

    /// <summary>True for the types that report an error and quote the offending datagram: destination unreachable, source quench, redirect, time exceeded, parameter problem.</summary>
    public static bool IsErrorType(IcmpType type) =>
        type is IcmpType.DestinationUnreachable or IcmpType.SourceQuench or IcmpType.Redirect
            or IcmpType.TimeExceeded or IcmpType.ParameterProblem;
}
