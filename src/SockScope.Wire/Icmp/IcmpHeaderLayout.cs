using System.Buffers.Binary;

namespace SockScope.Wire.Icmp;

/// <summary>
/// The first eight bytes ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) share: type, code, checksum, then
/// four type-specific bytes (identifier and sequence for echo). <see cref="IcmpHeader"/> and
/// <see cref="Icmpv6Header"/> differ in their types and in what the checksum covers, not in these
/// bytes, so both read and write them here.
/// </summary>
internal static class IcmpHeaderLayout
{
    /// <summary>The header's size in bytes: 8.</summary>
    public const int Size = IcmpOffsets.HeaderLength;

    /// <summary>Bytes 4-7 of an echo request or reply: the identifier, then the sequence number.</summary>
    public static uint EchoRestOfHeader(ushort identifier, ushort sequence) => (uint)identifier << 16 | sequence;

    /// <summary>Writes the 8 bytes in network byte order; false, with nothing written, when <paramref name="destination"/> is shorter.</summary>
    public static bool TryWrite(Span<byte> destination, byte type, byte code, ushort checksum, uint restOfHeader, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        destination[IcmpOffsets.Type] = type;
        destination[IcmpOffsets.Code] = code;
        BinaryPrimitives.WriteUInt16BigEndian(destination[IcmpOffsets.Checksum..], checksum);
        BinaryPrimitives.WriteUInt32BigEndian(destination[IcmpOffsets.Identifier..], restOfHeader);
        bytesWritten = Size;
        return true;
    }

    /// <summary>Reads the first 8 bytes of <paramref name="message"/>; false, with zeros out, when fewer are present.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out byte type, out byte code, out ushort checksum, out uint restOfHeader)
    {
        if (message.Length < Size)
        {
            (type, code, checksum, restOfHeader) = (0, 0, 0, 0);
            return false;
        }
        type = message[IcmpOffsets.Type];
        code = message[IcmpOffsets.Code];
        checksum = BinaryPrimitives.ReadUInt16BigEndian(message[IcmpOffsets.Checksum..]);
        restOfHeader = BinaryPrimitives.ReadUInt32BigEndian(message[IcmpOffsets.Identifier..]);
        return true;
    }
}
