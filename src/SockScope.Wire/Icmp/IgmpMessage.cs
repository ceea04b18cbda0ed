using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Icmp;

/// <summary>IGMP message types (RFC 1112, 2236, 3376), with the multicast traceroute types tcpdump decodes.</summary>
public enum IgmpType : byte
{
    MembershipQuery = 0x11,
    V1MembershipReport = 0x12,
    Dvmrp = 0x13,
    PimV1 = 0x14,
    V2MembershipReport = 0x16,
    LeaveGroup = 0x17,
    MtraceResponse = 0x1E,
    Mtrace = 0x1F,
    V3MembershipReport = 0x22,
}

/// <summary>IGMPv3 group record types (RFC 3376 section 4.2.12).</summary>
public enum IgmpGroupRecordType : byte
{
    ModeIsInclude = 1, ModeIsExclude = 2, ChangeToInclude = 3, ChangeToExclude = 4, AllowNewSources = 5, BlockOldSources = 6,
}

internal static class IgmpOffsets
{
    public const int Type = 0;
    public const int MaxResponseCode = 1;
    public const int Checksum = 2;
    public const int GroupAddress = 4;
    public const int HeaderLength = 8;
    // IGMPv3 query (RFC 3376 4.1)
    public const int QueryFlags = 8;
    public const int QueryInterval = 9;
    public const int SourceCount = 10;
    public const int V3QueryLength = 12;
    // IGMPv3 report (RFC 3376 4.2)
    public const int GroupRecordCount = 6;
    public const int FirstGroupRecord = 8;
}

/// <summary>An IGMP message (v1, v2 or v3); at least the 8-byte common header.</summary>
public readonly ref struct IgmpMessage
{
    private readonly ReadOnlySpan<byte> _b;

    private IgmpMessage(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out IgmpMessage message, out WireError error)
    {
        error = bytes.Length < IgmpOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        message = error == WireError.None ? new IgmpMessage(bytes) : default;
        return error == WireError.None;
    }

    public ReadOnlySpan<byte> Bytes => _b;
    public IgmpType Type => (IgmpType)_b[IgmpOffsets.Type];
    public byte MaxResponseCode => _b[IgmpOffsets.MaxResponseCode];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_b[IgmpOffsets.Checksum..]);
    /// <summary>The group address (queries, v1/v2 reports, leave); not meaningful in a v3 report.</summary>
    public Ipv4Address GroupAddress => Ipv4Address.Read(_b[IgmpOffsets.GroupAddress..]);

    /// <summary>A query of at least 12 bytes is an IGMPv3 query (RFC 3376 7.1).</summary>
    public bool IsV3Query => Type == IgmpType.MembershipQuery && _b.Length >= IgmpOffsets.V3QueryLength;

    /// <summary>Max response time in tenths of a second, with v3's exponential encoding for codes of 128 and more.</summary>
    public int MaxResponseTimeTenths => IsV3Query ? DecodeV3Code(MaxResponseCode) : MaxResponseCode;

    /// <summary>Sources listed in a v3 query (0 otherwise).</summary>
    public int QuerySourceCount => IsV3Query ? BinaryPrimitives.ReadUInt16BigEndian(_b[IgmpOffsets.SourceCount..]) : 0;

    /// <summary>Group records announced by a v3 report (0 otherwise).</summary>
    public int GroupRecordCount => Type == IgmpType.V3MembershipReport
        ? BinaryPrimitives.ReadUInt16BigEndian(_b[IgmpOffsets.GroupRecordCount..]) : 0;

    /// <summary>True when the checksum over the whole message verifies.</summary>
    public bool ChecksumValid => Checksums.InternetChecksum.Compute(_b) == 0;

    internal static int DecodeV3Code(int code) =>
        code < 128 ? code : ((code & 0x0F) | 0x10) << (((code & 0x70) >> 4) + 3);
}
