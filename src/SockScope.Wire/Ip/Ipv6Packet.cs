using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ip;

/// <summary>
/// An IPv6 packet. TryCreate checks the version and that the 40-byte header is captured. A
/// payload length beyond the captured bytes is not an error: <see cref="Payload"/> stops at
/// the captured end. A payload length of zero (jumbogram or bogus) means "the rest".
/// </summary>
public readonly ref struct Ipv6Packet
{
    private readonly ReadOnlySpan<byte> _b;

    private Ipv6Packet(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> as an IPv6 packet after checking its version and length, without copying.</summary>
    /// <param name="bytes">The packet from the version nibble to the end of the capture.</param>
    /// <param name="packet">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.BadVersion"/> when the version is not 6, <see cref="WireError.Truncated"/> when fewer than 40 bytes are present.</param>
    /// <returns>True when the fixed header is complete.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Ipv6Packet packet, out WireError error)
    {
        packet = default;
        if (bytes.Length < 1) error = WireError.Truncated;
        else if (bytes[0] >> 4 != 6) error = WireError.BadVersion;
        else if (bytes.Length < Ipv6Offsets.HeaderLength) error = WireError.Truncated;
        else error = WireError.None;
        if (error != WireError.None) return false;
        packet = new Ipv6Packet(bytes);
        return true;
    }

    /// <summary>The version nibble: always 6 for a packet accepted by <see cref="TryCreate"/>.</summary>
    public int Version => _b[0] >> 4;
    /// <summary>The traffic class (8 bits after the version): DSCP in the upper six bits, ECN in the lower two.</summary>
    public byte TrafficClass => (byte)(BinaryPrimitives.ReadUInt16BigEndian(_b) >> 4);
    /// <summary>The 20-bit flow label (0 when the sender does not label flows).</summary>
    public int FlowLabel => (int)(BinaryPrimitives.ReadUInt32BigEndian(_b) & 0xFFFFF);
    /// <summary>Payload Length: the bytes after the 40-byte header, extension headers included, as claimed (0 for a jumbogram).</summary>
    public ushort PayloadLength => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv6Offsets.PayloadLength..]);
    /// <summary>The Next Header field: the first extension header or the upper-layer protocol.</summary>
    public IpProtocol NextHeader => (IpProtocol)_b[Ipv6Offsets.NextHeader];
    /// <summary>Hop limit: the hops left before a router discards the packet.</summary>
    public byte HopLimit => _b[Ipv6Offsets.HopLimit];
    /// <summary>The source address.</summary>
    public Ipv6Address Source => Ipv6Address.Read(_b[Ipv6Offsets.Source..]);
    /// <summary>The destination address.</summary>
    public Ipv6Address Destination => Ipv6Address.Read(_b[Ipv6Offsets.Destination..]);
    /// <summary>The fixed header's length in bytes: always 40 (extension headers are walked with <see cref="Extensions"/>).</summary>
    public int HeaderLength => Ipv6Offsets.HeaderLength;

    /// <summary>Everything after the fixed header the payload length claims, cut at the captured bytes.</summary>
    public ReadOnlySpan<byte> Payload => PayloadLength == 0
        ? _b[Ipv6Offsets.HeaderLength..]
        : _b[Ipv6Offsets.HeaderLength..Math.Min(Ipv6Offsets.HeaderLength + PayloadLength, _b.Length)];
    /// <summary>True when the payload length claims more bytes than were captured.</summary>
    public bool IsPayloadTruncated => Ipv6Offsets.HeaderLength + PayloadLength > _b.Length;

    /// <summary>Walks the extension headers after the fixed header.</summary>
    public Ipv6ExtensionWalker Extensions => new(NextHeader, Payload);
}
