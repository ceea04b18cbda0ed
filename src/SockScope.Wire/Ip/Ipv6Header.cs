using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ip;

/// <summary>
/// The fixed IPv6 header as a value (RFC 8200). <see cref="NextHeader"/> and
/// <see cref="PayloadLength"/> left null are filled by the builder from what follows.
/// </summary>
public readonly record struct Ipv6Header
{
    /// <summary>The fixed header's size in bytes: 40.</summary>
    public const int Size = Ipv6Offsets.HeaderLength;

    /// <summary>A header from <paramref name="source"/> to <paramref name="destination"/>; every other field has its default (hop limit 64, traffic class and flow label 0).</summary>
    /// <param name="source">The source address.</param>
    /// <param name="destination">The destination address.</param>
    /// <param name="nextHeader">The Next Header field; null lets the builder use the layer inside.</param>
    public Ipv6Header(Ipv6Address source, Ipv6Address destination, IpProtocol? nextHeader = null)
    {
        Source = source;
        Destination = destination;
        NextHeader = nextHeader;
    }

    /// <summary>The source address.</summary>
    public Ipv6Address Source { get; init; }
    /// <summary>The destination address.</summary>
    public Ipv6Address Destination { get; init; }
    /// <summary>The Next Header field: the first extension header or the upper-layer protocol; null to have the builder fill it (written as 59, No Next Header, when nothing follows).</summary>
    public IpProtocol? NextHeader { get; init; }
    /// <summary>Hop limit: the hops left before a router discards the packet and answers ICMPv6 time exceeded; 64 by default.</summary>
    public byte HopLimit { get; init; } = 64;
    /// <summary>The traffic class byte: DSCP in the upper six bits, ECN in the lower two.</summary>
    public byte TrafficClass { get; init; }
    /// <summary>20-bit flow label.</summary>
    public uint FlowLabel { get; init; }
    /// <summary>The version nibble to write; 6 unless a peer is being tested with a wrong one.</summary>
    public byte Version { get; init; } = 6;
    /// <summary>Null: everything after this header.</summary>
    public ushort? PayloadLength { get; init; }

    /// <summary>The bytes this header takes: always 40.</summary>
    public int Length => Size;

    /// <summary>Writes the header with a payload length of 0 unless <see cref="PayloadLength"/> is set; false, with nothing written, when <paramref name="destination"/> is shorter than 40 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) => TryWrite(destination, 0, out bytesWritten);

    /// <summary>Writes the 40 bytes in network byte order.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="payloadLength">The Payload Length to write when <see cref="PayloadLength"/> is null (clamped to 65535).</param>
    /// <param name="bytesWritten">40, or 0 when this returns false.</param>
    /// <returns>False, with nothing written, when <paramref name="destination"/> is shorter than 40 bytes.</returns>
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

    /// <summary>Reads the fixed header of <paramref name="packet"/>, every field as carried (the version is not checked); false when fewer than 40 bytes are present.</summary>
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
