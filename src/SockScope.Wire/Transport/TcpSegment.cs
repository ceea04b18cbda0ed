using System.Buffers.Binary;
using SockScope.Wire.Ip;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Transport;

/// <summary>
/// A TCP segment. TryCreate checks that the fixed header is captured, that the data offset is
/// at least 5 (BadHeaderLength) and that the whole header with options is captured (Truncated).
/// </summary>
public readonly ref struct TcpSegment
{
    private readonly ReadOnlySpan<byte> _b;

    private TcpSegment(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out TcpSegment segment, out WireError error)
    {
        segment = default;
        if (bytes.Length < TcpOffsets.MinHeaderLength) error = WireError.Truncated;
        else if (bytes[TcpOffsets.DataOffset] >> 4 < 5) error = WireError.BadHeaderLength;
        else if (bytes.Length < (bytes[TcpOffsets.DataOffset] >> 4) * 4) error = WireError.Truncated;
        else error = WireError.None;
        if (error != WireError.None) return false;
        segment = new TcpSegment(bytes);
        return true;
    }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.SourcePort..]);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.DestinationPort..]);
    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(_b[TcpOffsets.SequenceNumber..]);
    public uint AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(_b[TcpOffsets.AcknowledgmentNumber..]);
    public int HeaderLength => (_b[TcpOffsets.DataOffset] >> 4) * 4;
    public TcpFlags Flags => (TcpFlags)(((_b[TcpOffsets.DataOffset] & 1) << 8) | _b[TcpOffsets.Flags]);
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.Window..]);
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.Checksum..]);
    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.UrgentPointer..]);

    public ReadOnlySpan<byte> Header => _b[..HeaderLength];
    public ReadOnlySpan<byte> OptionBytes => _b[TcpOffsets.Options..HeaderLength];
    /// <summary>The options in order, unknown kinds included with their bytes.</summary>
    public KindLengthOptionEnumerator Options => new(OptionBytes);
    public ReadOnlySpan<byte> Payload => _b[HeaderLength..];
    /// <summary>The whole segment as captured (header and payload), for checksums.</summary>
    public ReadOnlySpan<byte> Bytes => _b;

    /// <summary>True when the captured bytes sum to zero with the IPv4 pseudo-header (only meaningful for a complete segment).</summary>
    public bool IsChecksumValid(Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Tcp, _b);

    public bool IsChecksumValid(Ipv6Address source, Ipv6Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Tcp, _b);
}
