using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Icmp;

/// <summary>IGMP message types (RFC 1112, 2236, 3376), with the multicast traceroute types tcpdump decodes.</summary>
public enum IgmpType : byte
{
    /// <summary>Membership query (0x11): general or group-specific; the length tells v1/v2 (8 bytes) from v3 (12 or more).</summary>
    MembershipQuery = 0x11,
    /// <summary>Version 1 membership report (0x12, RFC 1112).</summary>
    V1MembershipReport = 0x12,
    /// <summary>DVMRP routing message (0x13, RFC 1075).</summary>
    Dvmrp = 0x13,
    /// <summary>PIM version 1 message (0x14).</summary>
    PimV1 = 0x14,
    /// <summary>Version 2 membership report (0x16, RFC 2236): the host joins the group.</summary>
    V2MembershipReport = 0x16,
    /// <summary>Leave group (0x17, RFC 2236): the host leaves the group.</summary>
    LeaveGroup = 0x17,
    /// <summary>Multicast traceroute response (0x1E).</summary>
    MtraceResponse = 0x1E,
    /// <summary>Multicast traceroute query (0x1F).</summary>
    Mtrace = 0x1F,
    /// <summary>Version 3 membership report (0x22, RFC 3376): group records with source filters.</summary>
    V3MembershipReport = 0x22,
}

/// <summary>IGMPv3 group record types (RFC 3376 section 4.2.12).</summary>
public enum IgmpGroupRecordType : byte
{
    /// <summary>MODE_IS_INCLUDE (1): current state, receive only from the listed sources.</summary>
    ModeIsInclude = 1,
    /// <summary>MODE_IS_EXCLUDE (2): current state, receive from every source but the listed ones.</summary>
    ModeIsExclude = 2,
    /// <summary>CHANGE_TO_INCLUDE_MODE (3): the filter switched to include the listed sources (an empty list leaves the group).</summary>
    ChangeToInclude = 3,
    /// <summary>CHANGE_TO_EXCLUDE_MODE (4): the filter switched to exclude the listed sources (an empty list joins the group).</summary>
    ChangeToExclude = 4,
    /// <summary>ALLOW_NEW_SOURCES (5): also receive from the listed sources.</summary>
    AllowNewSources = 5,
    /// <summary>BLOCK_OLD_SOURCES (6): stop receiving from the listed sources.</summary>
    BlockOldSources = 6,
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

    /// <summary>Wraps <paramref name="bytes"/> (the IP payload) as an IGMP message, without copying.</summary>
    /// <param name="bytes">The message from its type byte to the end of the capture.</param>
    /// <param name="message">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than the 8 common header bytes are present.</param>
    /// <returns>True when the 8-byte header is complete.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out IgmpMessage message, out WireError error)
    {
        error = bytes.Length < IgmpOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        message = error == WireError.None ? new IgmpMessage(bytes) : default;
        return error == WireError.None;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Bytes => _b;
    /// <summary>The type byte; values not in <see cref="IgmpType"/> are kept as numbers.</summary>
    public IgmpType Type => (IgmpType)_b[IgmpOffsets.Type];
    /// <summary>Max Resp Code: in tenths of a second; from 128 up, IGMPv3's floating-point encoding (RFC 3376 §4.1.1); 0 in v1.</summary>
    public byte MaxResponseCode => _b[IgmpOffsets.MaxResponseCode];
    /// <summary>The checksum field as sent: the ones' complement sum over the whole IGMP message.</summary>
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
