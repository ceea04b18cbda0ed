using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Ip;

/// <summary>
/// An IPv4 datagram. TryCreate checks version, header length and that the header is captured;
/// a total length below the header length is refused (BadLength). A total length beyond the
/// captured bytes is not an error (snap length): <see cref="Payload"/> stops at whichever ends
/// first, and <see cref="IsPayloadTruncated"/> says so.
/// </summary>
public readonly ref struct Ipv4Packet
{
    private readonly ReadOnlySpan<byte> _b;

    private Ipv4Packet(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Ipv4Packet packet, out WireError error)
    {
        packet = default;
        error = Validate(bytes);
        if (error != WireError.None) return false;
        packet = new Ipv4Packet(bytes);
        return true;
    }

    private static WireError Validate(ReadOnlySpan<byte> b)
    {
        if (b.Length < 1) return WireError.Truncated;
        if (b[0] >> 4 != 4) return WireError.BadVersion;
        if (b.Length < Ipv4Offsets.MinHeaderLength) return WireError.Truncated;
        int headerLength = (b[0] & 0x0F) << 2;
        if (headerLength < Ipv4Offsets.MinHeaderLength) return WireError.BadHeaderLength;
        if (b.Length < headerLength) return WireError.Truncated;
        if (BinaryPrimitives.ReadUInt16BigEndian(b[Ipv4Offsets.TotalLength..]) < headerLength) return WireError.BadLength;
        return WireError.None;
    }

    public int Version => _b[0] >> 4;
    public int HeaderLength => (_b[0] & 0x0F) << 2;
    public byte TypeOfService => _b[Ipv4Offsets.TypeOfService];
    /// <summary>Differentiated services code point, the upper six bits of the TOS byte.</summary>
    public int Dscp => TypeOfService >> 2;
    /// <summary>Explicit congestion notification, the lower two bits of the TOS byte.</summary>
    public int Ecn => TypeOfService & 3;
    public ushort TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.TotalLength..]);
    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.Identification..]);
    private ushort FlagsAndOffset => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.FlagsAndFragmentOffset..]);
    public bool ReservedFlag => (FlagsAndOffset & Ipv4Offsets.ReservedFlag) != 0;
    public bool DontFragment => (FlagsAndOffset & Ipv4Offsets.DontFragmentFlag) != 0;
    public bool MoreFragments => (FlagsAndOffset & Ipv4Offsets.MoreFragmentsFlag) != 0;
    /// <summary>The fragment offset in 8-byte units, as carried.</summary>
    public int FragmentOffsetUnits => FlagsAndOffset & Ipv4Offsets.FragmentOffsetMask;
    /// <summary>The fragment offset in bytes.</summary>
    public int FragmentOffset => FragmentOffsetUnits << 3;
    public bool IsFragment => MoreFragments || FragmentOffsetUnits != 0;
    public byte TimeToLive => _b[Ipv4Offsets.TimeToLive];
    public IpProtocol Protocol => (IpProtocol)_b[Ipv4Offsets.Protocol];
    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(_b[Ipv4Offsets.HeaderChecksum..]);
    public Ipv4Address Source => Ipv4Address.Read(_b[Ipv4Offsets.Source..]);
    public Ipv4Address Destination => Ipv4Address.Read(_b[Ipv4Offsets.Destination..]);

    public ReadOnlySpan<byte> Header => _b[..HeaderLength];
    public ReadOnlySpan<byte> OptionBytes => _b[Ipv4Offsets.Options..HeaderLength];
    public KindLengthOptionEnumerator Options => new(OptionBytes);

    /// <summary>The payload the total length claims, cut at the captured bytes.</summary>
    public ReadOnlySpan<byte> Payload => _b[HeaderLength..Math.Min(TotalLength, _b.Length)];
    /// <summary>True when the total length runs past the captured bytes.</summary>
    public bool IsPayloadTruncated => TotalLength > _b.Length;
    /// <summary>Bytes after the total length (Ethernet padding, trailers).</summary>
    public ReadOnlySpan<byte> Trailer => _b[Math.Min(TotalLength, _b.Length)..];

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
