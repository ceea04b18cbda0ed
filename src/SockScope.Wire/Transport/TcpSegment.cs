using System.Buffers.Binary;
using System.Diagnostics;
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

    /// <summary>Wraps <paramref name="bytes"/> (the IP payload) as a TCP segment after checking its header, without copying.</summary>
    /// <param name="bytes">The segment from the source port to the end of the IP payload (or capture).</param>
    /// <param name="segment">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when the fixed header or the options are cut short, <see cref="WireError.BadHeaderLength"/> when the data offset is below 5.</param>
    /// <returns>True when the whole header is present; the checksum is not checked.</returns>
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

    /// <summary>
    /// Wraps a segment of which the caller has already checked that the 20-byte fixed header is
    /// captured, without checking again. For the tcpdump printer, which prints a header whose data
    /// offset is bad or whose options were cut short (TryCreate refuses both): the fixed-field
    /// getters are safe; <see cref="Header"/>, <see cref="OptionBytes"/>, <see cref="Options"/> and
    /// <see cref="Payload"/> also need a data offset of at least 5 and the whole header captured.
    /// </summary>
    internal static TcpSegment FromCheckedFixedHeader(ReadOnlySpan<byte> bytes)
    {
        Debug.Assert(bytes.Length >= TcpOffsets.MinHeaderLength);
        return new TcpSegment(bytes);
    }

    /// <summary>The source port.</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.SourcePort..]);
    /// <summary>The destination port.</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.DestinationPort..]);
    /// <summary>The sequence number, absolute (tcpdump prints it relative to the first segment unless -S).</summary>
    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(_b[TcpOffsets.SequenceNumber..]);
    /// <summary>The acknowledgment number; meaningful when <see cref="TcpFlags.Ack"/> is set.</summary>
    public uint AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(_b[TcpOffsets.AcknowledgmentNumber..]);
    /// <summary>The header length in bytes, options included: data offset × 4 (20 to 60).</summary>
    public int HeaderLength => (_b[TcpOffsets.DataOffset] >> 4) * 4;
    /// <summary>The control bits, the AE bit (0x100) included.</summary>
    public TcpFlags Flags => (TcpFlags)(((_b[TcpOffsets.DataOffset] & 1) << 8) | _b[TcpOffsets.Flags]);
    /// <summary>The receive window as carried, before window scaling.</summary>
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.Window..]);
    /// <summary>The checksum field as carried (over the pseudo-header, header and data).</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.Checksum..]);
    /// <summary>The urgent pointer; meaningful when <see cref="TcpFlags.Urg"/> is set.</summary>
    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_b[TcpOffsets.UrgentPointer..]);

    /// <summary>The header bytes, options included.</summary>
    public ReadOnlySpan<byte> Header => _b[..HeaderLength];
    /// <summary>The option bytes after the 20-byte fixed header; empty without options.</summary>
    public ReadOnlySpan<byte> OptionBytes => _b[TcpOffsets.Options..HeaderLength];
    /// <summary>The options in order, unknown kinds included with their bytes.</summary>
    public KindLengthOptionEnumerator Options => new(OptionBytes);
    /// <summary>The data after the header, as far as captured (an Ethernet pad may be included when the IP length was not applied).</summary>
    public ReadOnlySpan<byte> Payload => _b[HeaderLength..];
    /// <summary>The whole segment as captured (header and payload), for checksums.</summary>
    public ReadOnlySpan<byte> Bytes => _b;

    /// <summary>True when the captured bytes sum to zero with the IPv4 pseudo-header (only meaningful for a complete segment).</summary>
    public bool IsChecksumValid(Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Tcp, _b);

    /// <summary>True when the captured bytes sum to zero with the IPv6 pseudo-header (only meaningful for a complete segment).</summary>
    public bool IsChecksumValid(Ipv6Address source, Ipv6Address destination) =>
        InternetChecksum.Verify(source, destination, IpProtocol.Tcp, _b);
}
