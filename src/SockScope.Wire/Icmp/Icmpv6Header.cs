using System.Buffers.Binary;

namespace SockScope.Wire.Icmp;

/// <summary>
/// The first eight bytes of an ICMPv6 message as a value (RFC 4443). Its checksum covers the IPv6
/// pseudo-header, so the builder fills it when the IPv6 header is prepended, unless
/// <see cref="Checksum"/> is set.
/// </summary>
public readonly record struct Icmpv6Header(byte Type, byte Code, uint RestOfHeader = 0)
{
    public const int Size = Icmpv6Offsets.HeaderLength;

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
        destination[Icmpv6Offsets.Type] = Type;
        destination[Icmpv6Offsets.Code] = Code;
        BinaryPrimitives.WriteUInt16BigEndian(destination[Icmpv6Offsets.Checksum..], Checksum ?? 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[Icmpv6Offsets.Identifier..], RestOfHeader);
        bytesWritten = Size;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> message, out Icmpv6Header header)
    {
        header = default;
        if (message.Length < Size) return false;
        header = new Icmpv6Header(message[Icmpv6Offsets.Type], message[Icmpv6Offsets.Code], BinaryPrimitives.ReadUInt32BigEndian(message[Icmpv6Offsets.Identifier..]))
        {
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(message[Icmpv6Offsets.Checksum..]),
        };
        return true;
    }
}
