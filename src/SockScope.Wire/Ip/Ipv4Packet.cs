using System.Buffers.Binary;
using System.Diagnostics;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Ip;

/// <summary>
/// An IPv4 datagram. TryCreate checks version, header length and that the header is captured;
/// a total length below the header length is refused (BadLength), except a total length of 0,
/// which a segmentation offload leaves in packets captured before the NIC splits them (TSO, and
/// Linux's BIG TCP beyond 65,535 bytes): the length is then presumed to run to the end of the
/// capture, as tshark, newer tcpdump and softflowd read it (<see cref="IsLengthPresumed"/>).
/// A total length beyond the captured bytes is not an error (snap length): <see cref="Payload"/>
/// stops at whichever ends first, and <see cref="IsPayloadTruncated"/> says so.
/// </summary>
public readonly ref struct Ipv4Packet
{
    private readonly ReadOnlySpan<byte> _b;

    private Ipv4Packet(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> as an IPv4 packet after checking its header, without copying.</summary>
    /// <param name="bytes">The packet from the version byte to the end of the capture (a link-layer trailer may follow; the total length excludes it).</param>
    /// <param name="packet">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when the header is cut short, <see cref="WireError.BadVersion"/> when the version is not 4, <see cref="WireError.BadHeaderLength"/> when IHL is below 5, <see cref="WireError.BadLength"/> when the total length is below the header length.</param>
    /// <returns>True when the header is usable; the header checksum is not checked.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Ipv4Packet packet, out WireError error)
    {
        packet = default;
        error = Validate(bytes);
        if (error != WireError.None) return false;
        packet = new Ipv4Packet(bytes);
        return true;
    }

    /// <summary>
    /// Wraps a packet of which the caller has already checked that the 20-byte fixed header is
    /// captured, without checking again. For the tcpdump printer, which prints headers TryCreate
    /// refuses (options cut short, a total length below the header length) with its own markers:
    /// the fixed-field getters are safe; <see cref="Header"/>, <see cref="OptionBytes"/>,
    /// <see cref="Options"/>, <see cref="Payload"/>, <see cref="Trailer"/> and the checksum members also need an
    /// IHL of at least 5 and the whole header captured.
    /// </summary>
    internal static Ipv4Packet FromCheckedFixedHeader(ReadOnlySpan<byte> bytes)
    {
        Debug.Assert(bytes.Length >= Ipv4Offsets.MinHeaderLength);
        return new Ipv4Packet(bytes);
    }

    private static WireError Validate(ReadOnlySpan<byte> b)
    {
        if (b.Length < 1) return WireError.Truncated;
        if (b[0] >> 4 != 4) return WireError.BadVersion;
        if (b.Length < Ipv4Offsets.MinHeaderLength) return WireError.Truncated;
        int headerLength = (b[0] & 0x0F) << 2;
        if (headerLength < Ipv4Offsets.MinHeaderLength) return WireError.BadHeaderLength;
        if (b.Length < headerLength) return WireError.Truncated;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(b[Ipv4Offsets.TotalLength..]);
        if (totalLength < headerLength && totalLength != 0) return WireError.BadLength;
        return WireError.None;
    }

    /// <summary>
    /// The datagram's length in bytes, header included, read from an IPv4 header accepted by
    /// <see cref="TryCreate"/> (for callers that read fields in place from the decoder's layers):
    /// the total length, or for a total length of 0 the bytes from the header to the end of
    /// <paramref name="bytes"/> (see <see cref="IsLengthPresumed"/>).
    /// </summary>
    public static int DatagramLength(ReadOnlySpan<byte> bytes)
    {
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[Ipv4Offsets.TotalLength..]);
        return totalLength != 0 ? totalLength : bytes.Length;
    }

    /// <summary>The version nibble: always 4 for a packet accepted by <see cref="TryCreate"/>.</summary>
    public int Version => _b[0] >> 4;
    /// <summary>The header length in bytes (IHL × 4): 20 to 60.</summary>
    public int HeaderLength => (_b[0] & 0x0F) << 2;
    /// <summary>The second header byte (TOS): DSCP and ECN together.</summary>
    public byte TypeOfService => _b[Ipv4Offsets.TypeOfService];
    /// <summary>Differentiated services code point, the upper six bits of the TOS byte.</summary>
    public int Dscp => TypeOfService >> 2;
    /// <summary>Explicit congestion notification, the lower two bits of the TOS byte.</summary>
    public int Ecn => TypeOfService & 3;
    /// <summary>The total length in bytes, header included, as the header claims it (big-endian on the wire).</summary>
    public ushort TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.TotalLength..]);
    /// <summary>The identification that groups fragments of one datagram.</summary>
    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.Identification..]);
    /// <summary>
    /// The flags and fragment offset word as carried; test it with the masks in <see cref="Ipv4Offsets"/>
    /// (a printer showing every flag reads it once instead of once per flag).
    /// </summary>
    public ushort FlagsAndFragmentOffset => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.FlagsAndFragmentOffset..]);
    /// <summary>The reserved flag bit (0x8000 of the flags word); must be zero (RFC 3514's "evil bit").</summary>
    public bool ReservedFlag => (FlagsAndFragmentOffset & Ipv4Offsets.ReservedFlag) != 0;
    /// <summary>DF (0x4000): the packet must not be fragmented.</summary>
    public bool DontFragment => (FlagsAndFragmentOffset & Ipv4Offsets.DontFragmentFlag) != 0;
    /// <summary>MF (0x2000): more fragments follow.</summary>
    public bool MoreFragments => (FlagsAndFragmentOffset & Ipv4Offsets.MoreFragmentsFlag) != 0;
    /// <summary>The fragment offset in 8-byte units, as carried.</summary>
    public int FragmentOffsetUnits => FlagsAndFragmentOffset & Ipv4Offsets.FragmentOffsetMask;
    /// <summary>The fragment offset in bytes.</summary>
    public int FragmentOffset => FragmentOffsetUnits << 3;
    /// <summary>True for any fragment: MF set or a non-zero fragment offset.</summary>
    public bool IsFragment => MoreFragments || FragmentOffsetUnits != 0;
    /// <summary>Time to live: the hops left before a router discards the packet.</summary>
    public byte TimeToLive => _b[Ipv4Offsets.TimeToLive];
    /// <summary>The protocol of the payload (IANA protocol number: 1 ICMP, 6 TCP, 17 UDP ...).</summary>
    public IpProtocol Protocol => (IpProtocol)_b[Ipv4Offsets.Protocol];
    /// <summary>The header checksum as carried: the ones' complement sum over the header only.</summary>
    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.HeaderChecksum..]);
    /// <summary>The source address.</summary>
    public Ipv4Address Source => Ipv4Address.Read(_b[Ipv4Offsets.Source..]);
    /// <summary>The destination address.</summary>
    public Ipv4Address Destination => Ipv4Address.Read(_b[Ipv4Offsets.Destination..]);

    /// <summary>The bytes as wrapped: from the version byte to the end of the capture, a trailer included.</summary>
    public ReadOnlySpan<byte> Bytes => _b;
    /// <summary>The header bytes, options included.</summary>
    public ReadOnlySpan<byte> Header => _b[..HeaderLength];
    /// <summary>The option bytes between the fixed 20-byte header and the payload; empty without options.</summary>
    public ReadOnlySpan<byte> OptionBytes => _b[Ipv4Offsets.Options..HeaderLength];
    /// <summary>Walks the options in <see cref="OptionBytes"/> without allocating.</summary>
    public KindLengthOptionEnumerator Options => new(OptionBytes);

    /// <summary>
    /// True when the total length is 0 and the datagram's length is presumed to run to the end of
    /// the capture: a packet captured before TSO or BIG TCP segmentation set it. No trailer is
    /// then told apart from the payload.
    /// </summary>
    public bool IsLengthPresumed => TotalLength == 0;
    /// <summary>The datagram's length, header included: <see cref="TotalLength"/>, or the captured bytes when it is presumed.</summary>
    public int Length => DatagramLength(_b);

    /// <summary>The payload the total length claims, cut at the captured bytes.</summary>
    public ReadOnlySpan<byte> Payload => _b[HeaderLength..Math.Min(Length, _b.Length)];
    /// <summary>True when the total length runs past the captured bytes.</summary>
    public bool IsPayloadTruncated => Length > _b.Length;
    /// <summary>Bytes after the total length (Ethernet padding, trailers).</summary>
    public ReadOnlySpan<byte> Trailer => _b[Math.Min(Length, _b.Length)..];

    /// <summary>True when the header checksum verifies (the header sums to zero).</summary>
    public bool IsHeaderChecksumValid => InternetChecksum.Compute(Header) == 0;

    /// <summary>The checksum the header should carry: the sum with the checksum field taken as zero.</summary>
    public ushort ComputeHeaderChecksum()
    {
        ulong sum = InternetChecksum.Accumulate(0, _b[..Ipv4Offsets.HeaderChecksum]);
        sum = InternetChecksum.Accumulate(sum, _b[(Ipv4Offsets.HeaderChecksum + 2)..HeaderLength]);
        return InternetChecksum.Finish(sum);
    }
}
