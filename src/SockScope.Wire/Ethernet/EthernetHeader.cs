using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ethernet;

/// <summary>
/// An Ethernet II header as a value. <see cref="Type"/> left null is filled by
/// <see cref="Building.PacketBuilder"/> from the layer inside it (IPv4, IPv6, ARP).
/// </summary>
public readonly record struct EthernetHeader(MacAddress Destination, MacAddress Source, EtherType? Type = null)
{
    public const int Size = 14;

    public int Length => Size;

    /// <summary>Writes the header; a null type is written as zero.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        Destination.Write(destination);
        Source.Write(destination[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)(Type ?? 0));
        bytesWritten = Size;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        header = default;
        if (frame.Length < Size) return false;
        header = new EthernetHeader(MacAddress.Read(frame), MacAddress.Read(frame[6..]),
            (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[12..]));
        return true;
    }
}
