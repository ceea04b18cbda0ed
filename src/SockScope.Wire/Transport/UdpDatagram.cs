using System.Buffers.Binary;
using SockScope.Wire.Ip;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Transport;

/// <summary>
/// A UDP datagram. TryCreate checks only that the 8-byte header is captured; the length field is
/// reported by <see cref="HasValidLength"/> (below 8 is malformed), and <see cref="Payload"/>
/// follows it when it is valid, cut at the captured bytes.
/// </summary>
public readonly ref struct UdpDatagram
{
    private readonly ReadOnlySpan<byte> _b;

    private UdpDatagram(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out UdpDatagram datagram, out WireError error)
    {
        datagram = default;
        error = bytes.Length < UdpOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) return false;
        datagram = new UdpDatagram(bytes);
        return true;
    }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.SourcePort..]);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.DestinationPort..]);
    /// <summary>The length field: header plus payload.</summary>
    public ushort Length => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.Length..]);
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.Checksum..]);
    public bool HasValidLength => Length >= UdpOffsets.HeaderLength;
    public int HeaderLength => UdpOffsets.HeaderLength;

    /// <summary>The payload the length field claims (everything captured when it is invalid), cut at the captured bytes.</summary>
    public ReadOnlySpan<byte> Payload => HasValidLength
        ? _b[UdpOffsets.HeaderLength..Math.Min(Length, _b.Length)]
        : _b[UdpOffsets.HeaderLength..];
    public bool IsPayloadTruncated => Length > _b.Length;
    public ReadOnlySpan<byte> Bytes => _b;

    /// <summary>True when the captured bytes sum to zero with the IPv4 pseudo-header (only meaningful for a complete segment).</summary>
    public bool IsChecksumValid(Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Udp, _b);

    public bool IsChecksumValid(Ipv6Address source, Ipv6Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Udp, _b);
}
