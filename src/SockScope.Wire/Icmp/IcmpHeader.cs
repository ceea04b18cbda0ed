namespace SockScope.Wire.Icmp;

/// <summary>
/// The first eight bytes of an ICMPv4 message as a value (RFC 792): type, code, checksum and the
/// four type-specific bytes (identifier and sequence for echo). The checksum covers the whole
/// message, so the builder computes it once the data is in place unless <see cref="Checksum"/> is set.
/// </summary>
public readonly record struct IcmpHeader(byte Type, byte Code, uint RestOfHeader = 0)
{
    /// <summary>The header's size in bytes: 8.</summary>
    public const int Size = IcmpHeaderLayout.Size;

    /// <summary>Echo reply (0).</summary>
    public const byte TypeEchoReply = 0;
    /// <summary>Destination unreachable (3).</summary>
    public const byte TypeDestinationUnreachable = 3;
    /// <summary>Source quench (4); deprecated by RFC 6633.</summary>
    public const byte TypeSourceQuench = 4;
    /// <summary>Redirect (5).</summary>
    public const byte TypeRedirect = 5;
    /// <summary>Echo request (8).</summary>
    public const byte TypeEchoRequest = 8;
    /// <summary>Time exceeded (11).</summary>
    public const byte TypeTimeExceeded = 11;
    /// <summary>Parameter problem (12).</summary>
    public const byte TypeParameterProblem = 12;
    /// <summary>Timestamp request (13).</summary>
    public const byte TypeTimestamp = 13;
    /// <summary>Timestamp reply (14).</summary>
    public const byte TypeTimestampReply = 14;

    /// <summary>The checksum to write as is; null to have the packet builder compute it over the whole message (the usual case). Set a value to send a deliberately wrong one.</summary>
    public ushort? Checksum { get; init; }

    /// <summary>The echo identifier: the upper 16 bits of <see cref="RestOfHeader"/>.</summary>
    public ushort Identifier => (ushort)(RestOfHeader >> 16);
    /// <summary>The echo sequence number: the lower 16 bits of <see cref="RestOfHeader"/>.</summary>
    public ushort SequenceNumber => (ushort)RestOfHeader;

    /// <summary>The bytes this header takes: always 8.</summary>
    public int Length => Size;

    /// <summary>An echo request (type 8, code 0) with the given identifier and sequence number.</summary>
    public static IcmpHeader EchoRequest(ushort identifier, ushort sequence) =>
        new(TypeEchoRequest, 0, IcmpHeaderLayout.EchoRestOfHeader(identifier, sequence));

    /// <summary>An echo reply (type 0, code 0) with the given identifier and sequence number.</summary>
    public static IcmpHeader EchoReply(ushort identifier, ushort sequence) =>
        new(TypeEchoReply, 0, IcmpHeaderLayout.EchoRestOfHeader(identifier, sequence));

    /// <summary>Writes the header; a null checksum is written as zero (the builder fills it).</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        IcmpHeaderLayout.TryWrite(destination, Type, Code, Checksum ?? 0, RestOfHeader, out bytesWritten);

    /// <summary>Reads the first 8 bytes of <paramref name="message"/>, checksum included; false when fewer than 8 bytes are present.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out IcmpHeader header)
    {
        bool read = IcmpHeaderLayout.TryRead(message, out byte type, out byte code, out ushort checksum, out uint rest);
        header = read ? new IcmpHeader(type, code, rest) { Checksum = checksum } : default;
        return read;
    }
}
