using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ip;

/// <summary>
/// The fixed IPv6 header as a value (RFC 8200). <see cref="NextHeader"/> and
/// <see cref="PayloadLength"/> left null are filled by the builder from what follows.
/// </summary>
public readonly record struct Ipv6Header
{
    public const int Size = Ipv6Offsets.HeaderLength;

    public Ipv6Header(Ipv6Address source, Ipv6Address destination, IpProtocol? nextHeader = null)
    {
        Source = source;
        Destination = destination;
        NextHeader = nextHeader;
    }

    public Ipv6Address Source { get; init; }
    public Ipv6Address Destination { get; init; }
    public IpProtocol? NextHeader { get; init; }
    public byte HopLimit { get; init; } = 64;
    public byte TrafficClass { get; init; }
    /// <summary>20-bit flow label.</summary>
    public uint FlowLabel { get; init; }
    public byte Version { get; init; } = 6;
    /// <summary>Null: everything after this header.</summary>
    public ushort? PayloadLength { get; init; }

    public int Length => Size;

    public bool TryWrite(Span<byte> destination, out int bytesWritten) => TryWrite(destination, 0, out bytesWritten);

    public bool TryWrite(Span<byte> destination, int payloadLength, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        uint first = (uint)(Version & 0xF) << 28 | (uint)TrafficClass << 20 | (FlowLabel & 0xFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination, first);
        BinaryPrimitives.WriteUInt16BigEndian(destination[Ipv6Offsets.PayloadLength..], PayloadLength ?? (ushort)Math.Min(ushort.MaxValue, payloadLength));
        destination[Ipv6Offsets.NextHeader] = (byte)(NextHeader ?? IpProtocol.NoNextHeader);
        destination[Ipv6Offsets.HopLimit] = HopLimit;
        Source.Write(destination[Ipv6Offsets.Source..]);
        Destination.Write(destination[Ipv6Offsets.Destination..]);
        bytesWritten = Size;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out Ipv6Header header)
    {
        header = default;
        if (packet.Length < Size) return false;
        uint first = BinaryPrimitives.ReadUInt32BigEndian(packet);
        header = new Ipv6Header(Ipv6Address.Read(packet[Ipv6Offsets.Source..]), Ipv6Address.Read(packet[Ipv6Offsets.Destination..]), (IpProtocol)packet[Ipv6Offsets.NextHeader])
        {
            Version = (byte)(first >> 28),
            TrafficClass = (byte)(first >> 20),
            FlowLabel = first & 0xFFFFF,
            PayloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv6Offsets.PayloadLength..]),
            HopLimit = packet[Ipv6Offsets.HopLimit],
        };
        return true;
    }
}
