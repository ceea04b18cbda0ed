using SockScope.Wire;

namespace SockScope.Files;

/// <summary>
/// One packet record as the reader found it, pointing into the reader's buffer: valid only until
/// the next read. Copy it with <see cref="ToPacket"/> to keep it.
/// </summary>
public readonly ref struct CaptureRecord
{
    internal CaptureRecord(ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, LinkType linkType, int interfaceId, long fileOffset,
        long invalidFraction = -1, bool invalidFractionInNanoseconds = false, ReadOnlySpan<byte> options = default, bool optionsBigEndian = false)
    {
        _options = options;
        _optionsBigEndian = optionsBigEndian;
        InvalidFraction = invalidFraction;
        InvalidFractionInNanoseconds = invalidFractionInNanoseconds;
        Data = data;
        OriginalLength = originalLength;
        TimestampNanoseconds = timestampNanoseconds;
        LinkType = linkType;
        InterfaceId = interfaceId;
        FileOffset = fileOffset;
    }

    private readonly ReadOnlySpan<byte> _options;
    private readonly bool _optionsBigEndian;

    /// <summary>True when the record carries options (pcapng), comments among them perhaps.</summary>
    public bool HasOptions => _options.Length >= 4;

    /// <summary>The record's comments (pcapng opt_comment), in order; empty for pcap. Allocates: call it only when wanted.</summary>
    public IReadOnlyList<string> ReadComments() => _options.Length < 4 ? [] : PacketComments.Decode(_options, _optionsBigEndian);

    /// <summary>The captured bytes.</summary>
    public ReadOnlySpan<byte> Data { get; }
    /// <summary>The length on the wire as the file records it (can be less than <c>Data.Length</c> in hostile files).</summary>
    public int OriginalLength { get; }
    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public long TimestampNanoseconds { get; }
    /// <summary>The link type of the record's interface.</summary>
    public LinkType LinkType { get; }
    /// <summary>pcapng interface id; 0 for pcap.</summary>
    public int InterfaceId { get; }
    /// <summary>Where the record (its header or block) starts in the file.</summary>
    public long FileOffset { get; }

    /// <summary>
    /// -1 normally. When a pcap record's sub-second field is out of range (10^6 µs or more, 10^9 ns
    /// or more), the raw field value: <see cref="TimestampNanoseconds"/> then holds whole seconds
    /// only, and printers can show the raw digits as tcpdump does.
    /// </summary>
    public long InvalidFraction { get; }

    /// <summary>Whether <see cref="InvalidFraction"/> counts nanoseconds (else microseconds).</summary>
    public bool InvalidFractionInNanoseconds { get; }

    /// <summary>An owned copy (allocates the data array).</summary>
    public CapturedPacket ToPacket() => new(Data.ToArray(), OriginalLength, TimestampNanoseconds, LinkType, InterfaceId);
}
