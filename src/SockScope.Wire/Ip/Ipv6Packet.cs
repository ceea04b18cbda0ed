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

    public int Version => _b[0] >> 4;
    public byte TrafficClass => (byte)(BinaryPrimitives.ReadUInt16BigEndian(_b) >> 4);
    public int FlowLabel => (int)(BinaryPrimitives.ReadUInt32BigEndian(_b) & 0xFFFFF);
    public ushort PayloadLength => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv6Offsets.PayloadLength..]);
    public IpProtocol NextHeader => (IpProtocol)_b[Ipv6Offsets.NextHeader];
    public byte HopLimit => _b[Ipv6Offsets.HopLimit];
    public Ipv6Address Source => Ipv6Address.Read(_b[Ipv6Offsets.Source..]);
    public Ipv6Address Destination => Ipv6Address.Read(_b[Ipv6Offsets.Destination..]);
    public int HeaderLength => Ipv6Offsets.HeaderLength;

    /// <summary>Everything after the fixed header the payload length claims, cut at the captured bytes.</summary>
    public ReadOnlySpan<byte> Payload => PayloadLength == 0
        ? _b[Ipv6Offsets.HeaderLength..]
        : _b[Ipv6Offsets.HeaderLength..Math.Min(Ipv6Offsets.HeaderLength + PayloadLength, _b.Length)];
    public bool IsPayloadTruncated => Ipv6Offsets.HeaderLength + PayloadLength > _b.Length;

    /// <summary>Walks the extension headers after the fixed header.</summary>
    public Ipv6ExtensionWalker Extensions => new(NextHeader, Payload);
}
