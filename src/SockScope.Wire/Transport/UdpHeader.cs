using System.Buffers.Binary;

namespace SockScope.Wire.Transport;

/// <summary>
/// A UDP header as a value (RFC 768). <see cref="LengthField"/> and <see cref="Checksum"/> left
/// null are filled by the builder; set them to write wrong ones.
/// </summary>
public readonly record struct UdpHeader(ushort SourcePort, ushort DestinationPort)
{
    public const int Size = UdpOffsets.HeaderLength;

    /// <summary>The length field; null = header plus payload.</summary>
    public ushort? LengthField { get; init; }
    /// <summary>Null = computed over the pseudo-header (0 would mean "no checksum" over IPv4).</summary>
    public ushort? Checksum { get; init; }

    public int Length => Size;

    public bool TryWrite(Span<byte> destination, out int bytesWritten) => TryWrite(destination, 0, out bytesWritten);

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
