using System.Buffers.Binary;

namespace SockScope.Wire.Transport;

/// <summary>
/// A UDP header as a value (RFC 768). <see cref="LengthField"/> and <see cref="Checksum"/> left
/// null are filled by the builder; set them to write wrong ones.
/// </summary>
public readonly record struct UdpHeader(ushort SourcePort, ushort DestinationPort)
{
    /// <summary>The header's size in bytes: 8.</summary>
    public const int Size = UdpOffsets.HeaderLength;

    /// <summary>The length field; null = header plus payload.</summary>
    public ushort? LengthField { get; init; }
    /// <summary>Null = computed over the pseudo-header (0 would mean "no checksum" over IPv4).</summary>
    public ushort? Checksum { get; init; }

    /// <summary>The bytes this header takes: always 8.</summary>
    public int Length => Size;

    /// <summary>Writes the header with a length field of 8 (no payload) unless <see cref="LengthField"/> is set; false, with nothing written, when <paramref name="destination"/> is shorter than 8 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) => TryWrite(destination, 0, out bytesWritten);

    /// <summary>Writes the 8 bytes in network byte order; a null checksum is written as zero for the builder to fill.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="payloadLength">The payload's length, used for the length field (8 + payload, clamped to 65535) when <see cref="LengthField"/> is null.</param>
    /// <param name="bytesWritten">8, or 0 when this returns false.</param>
    /// <returns>False, with nothing written, when <paramref name="destination"/> is shorter than 8 bytes.</returns>
    public bool TryWrite(Span<byte> destination, int payloadLength, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[UdpOffsets.DestinationPort..], DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[UdpOffsets.Length..], LengthField ?? (ushort)Math.Min(ushort.MaxValue, Size + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(destination[UdpOffsets.Checksum..], Checksum ?? 0);
        bytesWritten = Size;
        return true;
    }

    /// <summary>Reads the first 8 bytes of <paramref name="datagram"/>, length and checksum as carried; false when fewer are present.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out UdpHeader header)
    {
        header = default;
        if (datagram.Length < Size) return false;
        header = new UdpHeader(BinaryPrimitives.ReadUInt16BigEndian(datagram), BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]))
        {
            LengthField = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]),
        };
        return true;
    }
}
