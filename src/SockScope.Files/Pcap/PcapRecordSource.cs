using System.Buffers.Binary;
using SockScope.Wire;

namespace SockScope.Files.Pcap;

/// <summary>Walks the records of a classic pcap file, in either byte order and either resolution.</summary>
internal sealed class PcapRecordSource : RecordSource
{
    private readonly bool _swap;
    private readonly bool _nanoseconds;
    private readonly LinkType _linkType;
    private readonly CaptureInterface[] _interfaces;

    /// <summary>Reads the 24-byte file header; the window must start at the magic.</summary>
    public PcapRecordSource(StreamWindow window) : base(window)
    {
        long offset = window.Position;
        if (!window.Ensure(PcapFormat.FileHeaderLength))
            throw new CaptureFileException($"truncated pcap file header ({window.Available} of {PcapFormat.FileHeaderLength} bytes)", offset);
        ReadOnlySpan<byte> header = window.Peek(PcapFormat.FileHeaderLength);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        switch (magic)
        {
            case PcapFormat.MicrosecondMagic: break;
            case PcapFormat.NanosecondMagic: _nanoseconds = true; break;
            default:
                magic = BinaryPrimitives.ReverseEndianness(magic);
                _swap = true;
                if (magic == PcapFormat.NanosecondMagic) _nanoseconds = true;
                else if (magic != PcapFormat.MicrosecondMagic)
                    throw new CaptureFileException($"not a pcap file (magic 0x{BinaryPrimitives.ReadUInt32BigEndian(header):x8})", offset);
                break;
        }
        uint snapLength = ReadUInt32(header[PcapFormat.SnapLengthOffset..]);
        uint linkField = ReadUInt32(header[PcapFormat.LinkTypeOffset..]);
        _linkType = (LinkType)(linkField & PcapFormat.LinkTypeMask);
        // A snaplen of 0 or above the record limit is reported as the limit, as libpcap does (tcpdump prints that).
        int snap = snapLength is 0 or > PcapFormat.MaxRecordLength ? PcapFormat.MaxRecordLength : (int)snapLength;
        _interfaces = [new CaptureInterface(_linkType, snap, null, _nanoseconds)];
        window.Advance(PcapFormat.FileHeaderLength);
    }

    public override CaptureFileFormat Format => _nanoseconds ? CaptureFileFormat.PcapNanoseconds : CaptureFileFormat.Pcap;
    public override bool IsBigEndian => _swap;
    public override IReadOnlyList<CaptureInterface> Interfaces => _interfaces;

    public override bool TryRead(out CaptureRecord record)
    {
        record = default;
        StreamWindow window = Window;
        long offset = window.Position;
        if (!EnsureHeader(PcapFormat.RecordHeaderLength, "record header", offset)) return false;
        ReadOnlySpan<byte> header = window.Peek(PcapFormat.RecordHeaderLength);
        uint seconds = ReadUInt32(header);
        uint fraction = ReadUInt32(header[4..]);
        uint capturedLength = ReadUInt32(header[8..]);
        uint originalLength = ReadUInt32(header[12..]);
        if (capturedLength > PcapFormat.MaxRecordLength)
            throw new CaptureFileException($"bad pcap record: captured length {capturedLength} is larger than {PcapFormat.MaxRecordLength}", offset);
        int total = PcapFormat.RecordHeaderLength + (int)capturedLength;
        if (!window.Ensure(total))
        {
            Warnings.Add($"truncated record at offset {offset}: captured length {capturedLength}, only {window.Available - PcapFormat.RecordHeaderLength} bytes left; stopped there");
            window.Advance(window.Available);
            return false;
        }
        ReadOnlySpan<byte> data = window.Peek(total)[PcapFormat.RecordHeaderLength..];
        // 64-bit arithmetic: the unsigned 32-bit seconds field reaches 2106.
        long nanoseconds = seconds * 1_000_000_000L;
        long invalidFraction = -1;
        if (fraction < (_nanoseconds ? 1_000_000_000u : 1_000_000u)) nanoseconds += _nanoseconds ? fraction : fraction * 1000L;
        else invalidFraction = fraction;
        int original = originalLength > int.MaxValue ? int.MaxValue : (int)originalLength;
        record = new CaptureRecord(data, original, nanoseconds, _linkType, 0, offset, invalidFraction, _nanoseconds);
        window.Advance(total);
        return true;
    }

    private uint ReadUInt32(ReadOnlySpan<byte> bytes)
    {
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        return _swap ? BinaryPrimitives.ReverseEndianness(value) : value;
    }
}
