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

    /// <summary>Wraps <paramref name="bytes"/> (the IP payload) as a UDP datagram, without copying.</summary>
    /// <param name="bytes">The datagram from the source port to the end of the IP payload (or capture).</param>
    /// <param name="datagram">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than the 8 header bytes are present.</param>
    /// <returns>True when the header is complete; a bad length field is reported by <see cref="HasValidLength"/>, not here.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out UdpDatagram datagram, out WireError error)
    {
        datagram = default;
        error = bytes.Length < UdpOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) return false;
        datagram = new UdpDatagram(bytes);
        return true;
    }

    /// <summary>The source port (0 when the sender expects no reply).</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.SourcePort..]);
    /// <summary>The destination port.</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.DestinationPort..]);
    /// <summary>The length field: header plus payload.</summary>
    public ushort Length => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.Length..]);
    /// <summary>The checksum field as carried; 0 over IPv4 means the sender computed none.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[UdpOffsets.Checksum..]);
    /// <summary>True when the length field is at least the 8-byte header; a smaller value is malformed.</summary>
    public bool HasValidLength => Length >= UdpOffsets.HeaderLength;
    /// <summary>The header's length: always 8 bytes.</summary>
    public int HeaderLength => UdpOffsets.HeaderLength;

    /// <summary>The payload the length field claims (everything captured when it is invalid), cut at the captured bytes.</summary>
    public ReadOnlySpan<byte> Payload => HasValidLength
        ? _b[UdpOffsets.HeaderLength..Math.Min(Length, _b.Length)]
        : _b[UdpOffsets.HeaderLength..];
    /// <summary>True when the length field claims more bytes than were captured.</summary>
    public bool IsPayloadTruncated => Length > _b.Length;
    /// <summary>The whole datagram as captured (header and payload, an Ethernet pad included), for checksums.</summary>
    public ReadOnlySpan<byte> Bytes => _b;

    /// <summary>True when the captured bytes sum to zero with the IPv4 pseudo-header (only meaningful for a complete segment).</summary>
    public bool IsChecksumValid(Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Udp, _b);

    /// <summary>True when the captured bytes sum to zero with the IPv6 pseudo-header (only meaningful for a complete datagram).</summary>
    public bool IsChecksumValid(Ipv6Address source, Ipv6Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Udp, _b);
}
