using System.Buffers.Binary;

namespace SockScope.Wire.Icmp;

/// <summary>
/// The first eight bytes of an ICMPv4 message as a value (RFC 792): type, code, checksum and the
/// four type-specific bytes (identifier and sequence for echo). The checksum covers the whole
/// message, so the builder computes it once the data is in place unless <see cref="Checksum"/> is set.
/// </summary>
public readonly record struct IcmpHeader(byte Type, byte Code, uint RestOfHeader = 0)
{
    public const int Size = IcmpOffsets.HeaderLength;

    public const byte TypeEchoReply = 0;
    public const byte TypeDestinationUnreachable = 3;
    public const byte TypeSourceQuench = 4;
    public const byte TypeRedirect = 5;
    public const byte TypeEchoRequest = 8;
    public const byte TypeTimeExceeded = 11;
    public const byte TypeParameterProblem = 12;
    public const byte TypeTimestamp = 13;
    public const byte TypeTimestampReply = 14;

    public ushort? Checksum { get; init; }

    public ushort Identifier => (ushort)(RestOfHeader >> 16);
    public ushort SequenceNumber => (ushort)RestOfHeader;

    public int Length => Size;

    public static IcmpHeader EchoRequest(ushort identifier, ushort sequence) =>
        new(TypeEchoRequest, 0, (uint)identifier << 16 | sequence);

    public static IcmpHeader EchoReply(ushort identifier, ushort sequence) =>
        new(TypeEchoReply, 0, (uint)identifier << 16 | sequence);

    /// <summary>Writes the header; a null checksum is written as zero (the builder fills it).</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        destination[IcmpOffsets.Type] = Type;
        destination[IcmpOffsets.Code] = Code;
        BinaryPrimitives.WriteUInt16BigEndian(destination[IcmpOffsets.Checksum..], Checksum ?? 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[IcmpOffsets.Identifier..], RestOfHeader);
        bytesWritten = Size;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> message, out IcmpHeader header)
    {
        header = default;
        if (message.Length < Size) return false;
        header = new IcmpHeader(message[IcmpOffsets.Type], message[IcmpOffsets.Code], BinaryPrimitives.ReadUInt32BigEndian(message[IcmpOffsets.Identifier..]))
        {
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(message[IcmpOffsets.Checksum..]),
        };
        return true;
    }
}
