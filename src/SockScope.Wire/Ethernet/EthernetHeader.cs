using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ethernet;

/// <summary>
/// An Ethernet II header as a value. <see cref="Type"/> left null is filled by
/// <see cref="Building.PacketBuilder"/> from the layer inside it (IPv4, IPv6, ARP).
/// </summary>
public readonly record struct EthernetHeader(MacAddress Destination, MacAddress Source, EtherType? Type = null)
{
    /// <summary>The header's size in bytes: 14.</summary>
    public const int Size = EthernetOffsets.HeaderLength;

    /// <summary>The bytes this header takes: always 14.</summary>
    public int Length => Size;

    /// <summary>Writes the header; a null type is written as zero.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        Destination.Write(destination);
        Source.Write(destination[EthernetOffsets.Source..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[EthernetOffsets.EtherType..], (ushort)(Type ?? 0));
        bytesWritten = Size;
        return true;
    }

    /// <summary>Reads the first 14 bytes of <paramref name="frame"/>; false when fewer are present.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        header = default;
        if (frame.Length < Size) return false;
        header = new EthernetHeader(MacAddress.Read(frame), MacAddress.Read(frame[EthernetOffsets.Source..]),
            (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[EthernetOffsets.EtherType..]));
        return true;
    }
}
