using System.Buffers.Binary;

namespace SockScope.Wire.Icmp;

/// <summary>
/// The first eight bytes of an ICMPv6 message as a value (RFC 4443). Its checksum covers the IPv6
/// pseudo-header, so the builder fills it when the IPv6 header is prepended, unless
/// <see cref="Checksum"/> is set.
/// </summary>
public readonly record struct Icmpv6Header(byte Type, byte Code, uint RestOfHeader = 0)
{
    public const int Size = 8;

    public const byte TypeDestinationUnreachable = 1;
    public const byte TypePacketTooBig = 2;
    public const byte TypeTimeExceeded = 3;
    public const byte TypeParameterProblem = 4;
    public const byte TypeEchoRequest = 128;
    public const byte TypeEchoReply = 129;
    public const byte TypeRouterSolicitation = 133;
    public const byte TypeRouterAdvertisement = 134;
    public const byte TypeNeighborSolicitation = 135;
    public const byte TypeNeighborAdvertisement = 136;

    public ushort? Checksum { get; init; }

    public ushort Identifier => (ushort)(RestOfHeader >> 16);
    public ushort SequenceNumber => (ushort)RestOfHeader;

    public int Length => Size;

    public static Icmpv6Header EchoRequest(ushort identifier, ushort sequence) =>
        new(TypeEchoRequest, 0, (uint)identifier << 16 | sequence);

    public static Icmpv6Header EchoReply(ushort identifier, ushort sequence) =>
        new(TypeEchoReply, 0, (uint)identifier << 16 | sequence);

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        destination[0] = Type;
        destination[1] = Code;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Checksum ?? 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RestOfHeader);
        bytesWritten = Size;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> message, out Icmpv6Header header)
    {
        header = default;
        if (message.Length < Size) return false;
        header = new Icmpv6Header(message[0], message[1], BinaryPrimitives.ReadUInt32BigEndian(message[4..]))
        {
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
        };
        return true;
    }
}
