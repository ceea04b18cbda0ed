using System.Buffers.Binary;
using System.Text;
using SockScope.Wire;

namespace SockScope.Files.PcapNg;

/// <summary>
/// Walks the packet blocks of a pcapng file: any number of sections, each in its own byte order,
/// with its own interfaces (link type, snaplen, if_tsresol, if_tsoffset). Enhanced, simple and
/// obsolete packet blocks yield records; every other block, custom ones included, is skipped.
/// </summary>
internal sealed class PcapNgRecordSource : RecordSource
{
    private const byte MicrosecondResolution = 6;

    private bool _swap;
    private readonly List<PcapNgInterfaceState> _section = [];
    private readonly List<CaptureInterface> _interfaces = [];

    /// <summary>Reads the first section header and the blocks up to the first interface description.</summary>
    public PcapNgRecordSource(StreamWindow window) : base(window)
    {
        long offset = window.Position;
        if (!window.Ensure(12))
            throw new CaptureFileException("truncated pcapng section header block", offset);
        ReadSectionHeader();
        // tcpdump announces the first interface's link type before any packet: read up to it.
        while (_section.Count == 0)
        {
            offset = window.Position;
            if (!window.Ensure(8))
                throw new CaptureFileException("pcapng file has no interface description block", offset);
            uint type = ReadUInt32(window.Peek(8));
            if (type is PcapNgFormat.EnhancedPacketBlock or PcapNgFormat.SimplePacketBlock or PcapNgFormat.ObsoletePacketBlock)
                throw new CaptureFileException("pcapng packet block before any interface description block", offset);
            if (!ProcessNonPacketBlock(type))
                throw new CaptureFileException("pcapng file has no interface description block", offset);
        }
    }

    public override CaptureFileFormat Format => CaptureFileFormat.PcapNg;
    public override bool IsBigEndian => _swap;
    public override IReadOnlyList<CaptureInterface> Interfaces => _interfaces;

    public override bool TryRead(out CaptureRecord record)
    {
        record = default;
        StreamWindow window = Window;
        while (true)
        {
            long offset = window.Position;
            if (!EnsureHeader(8, "pcapng block header", offset)) return false;
            uint type = ReadUInt32(window.Peek(8));
            if (type is PcapNgFormat.EnhancedPacketBlock or PcapNgFormat.SimplePacketBlock or PcapNgFormat.ObsoletePacketBlock)
            {
                int length = ReadBlockLength(offset);
                if (!EnsureBlock(length, offset)) return false;
                ReadOnlySpan<byte> block = window.Peek(length);
                record = type switch
                {
                    PcapNgFormat.EnhancedPacketBlock => ParseEnhancedPacket(block, offset),
                    PcapNgFormat.SimplePacketBlock => ParseSimplePacket(block, offset),
                    _ => ParseObsoletePacket(block, offset),
                };
                window.Advance(length);
                return true;
            }
            if (!ProcessNonPacketBlock(type)) return false;
        }
    }

    /// <summary>Handles a section header, an interface description, or a block to skip. False at a truncated end.</summary>
    private bool ProcessNonPacketBlock(uint type)
    {
        StreamWindow window = Window;
        long offset = window.Position;
        if (type == PcapNgFormat.SectionHeaderBlock)
        {
            if (!window.Ensure(12))
            {
                Warnings.Add($"truncated pcapng section header block at offset {offset}; stopped there");
                return false;
            }
            ReadSectionHeader();
            return true;
        }
        int length = ReadBlockLength(offset);
        if (type == PcapNgFormat.InterfaceDescriptionBlock)
        {
            if (!EnsureBlock(length, offset)) return false;
            ReadInterfaceDescription(window.Peek(length), offset);
            window.Advance(length);
            return true;
        }
        // Unknown, custom, name resolution, statistics, decryption secrets: not needed to print packets.
        if (!window.Skip(length))
        {
            Warnings.Add($"truncated pcapng block at offset {offset}: block length {length} runs past the end of the file; stopped there");
            return false;
        }
        return true;
    }

    private void ReadSectionHeader()
    {
        StreamWindow window = Window;
        long offset = window.Position;
        ReadOnlySpan<byte> start = window.Peek(12);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(start[8..]);
        if (magic == PcapNgFormat.ByteOrderMagic) _swap = false;
        else if (BinaryPrimitives.ReverseEndianness(magic) == PcapNgFormat.ByteOrderMagic) _swap = true;
        else throw new CaptureFileException($"bad pcapng byte-order magic 0x{BinaryPrimitives.ReadUInt32BigEndian(start[8..]):x8}", offset);
        int length = ReadBlockLength(offset);
        if (length < PcapNgFormat.MinSectionHeaderLength)
            throw new CaptureFileException($"bad pcapng section header block length {length}", offset);
        CheckBufferable(length, offset);
        if (!window.Ensure(length))
            throw new CaptureFileException($"truncated pcapng section header block (length {length}, {window.Available} bytes left)", offset);
        ReadOnlySpan<byte> block = window.Peek(length);
        CheckTrailer(block, offset);
        ushort major = ReadUInt16(block[12..]);
        ushort minor = ReadUInt16(block[14..]);
        if (major != 1)
            throw new CaptureFileException($"unsupported pcapng version {major}.{minor}", offset);
        _section.Clear();
        window.Advance(length);
    }

    private void ReadInterfaceDescription(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 20)
            throw new CaptureFileException($"bad pcapng interface description block length {block.Length}", offset);
        var linkType = (LinkType)ReadUInt16(block[8..]);
        uint snap = ReadUInt32(block[12..]);
        int snapLength = snap > int.MaxValue ? int.MaxValue : (int)snap;
        byte resolution = MicrosecondResolution;
        long offsetSeconds = 0;
        string? name = null;
        ReadOnlySpan<byte> options = block[16..^4];
        int at = 0;
        while (at + 4 <= options.Length)
        {
            ushort code = ReadUInt16(options[at..]);
            int valueLength = ReadUInt16(options[(at + 2)..]);
            if (code == PcapNgFormat.OptionEnd) break;
            if (at + 4 + valueLength > options.Length)
                throw new CaptureFileException($"bad pcapng option length {valueLength} in interface description block", offset + 16 + at);
            ReadOnlySpan<byte> value = options.Slice(at + 4, valueLength);
            switch (code)
            {
                case PcapNgFormat.IfTimestampResolution when valueLength == 1:
                    resolution = value[0];
                    break;
                case PcapNgFormat.IfTimestampOffset when valueLength == 8:
                    offsetSeconds = (long)ReadUInt64(value);
                    break;
                case PcapNgFormat.IfName:
                    name = Encoding.UTF8.GetString(value.TrimEnd((byte)0));
                    break;
            }
            at += 4 + ((valueLength + 3) & ~3);
        }
        var state = new PcapNgInterfaceState(linkType, snapLength, resolution, offsetSeconds);
        _section.Add(state);
        _interfaces.Add(new CaptureInterface(linkType, snapLength == 0 ? PcapFormatLimits.DefaultSnapLength : snapLength, name, state.IsNanosecondOrFiner));
    }

    private CaptureRecord ParseEnhancedPacket(ReadOnlySpan<byte> block, long offset) =>
        ParsePacketWithTimestamp(block, offset, "enhanced packet block", sixteenBitInterfaceId: false);

    private CaptureRecord ParseObsoletePacket(ReadOnlySpan<byte> block, long offset) =>
        ParsePacketWithTimestamp(block, offset, "packet block", sixteenBitInterfaceId: true);

    /// <summary>
    /// Enhanced and obsolete packet blocks share their layout but for the interface id: 32 bits in
    /// the first, 16 bits and a drop count (not needed here) in the second.
    /// </summary>
    private CaptureRecord ParsePacketWithTimestamp(ReadOnlySpan<byte> block, long offset, string blockName, bool sixteenBitInterfaceId)
    {
        if (block.Length < 32)
            throw new CaptureFileException($"bad pcapng {blockName} length {block.Length}", offset);
        uint interfaceId = sixteenBitInterfaceId ? ReadUInt16(block[8..]) : ReadUInt32(block[8..]);
        PcapNgInterfaceState state = Interface(interfaceId, offset);
        ulong units = ((ulong)ReadUInt32(block[12..]) << 32) | ReadUInt32(block[16..]);
        uint captured = ReadUInt32(block[20..]);
        uint original = ReadUInt32(block[24..]);
        if (captured > (uint)(block.Length - 32))
            throw new CaptureFileException($"bad pcapng {blockName}: captured length {captured} exceeds the block length {block.Length}", offset);
        int optionsStart = 28 + (int)((captured + 3) & ~3u);
        ReadOnlySpan<byte> options = optionsStart < block.Length - 4 ? block[optionsStart..^4] : default;
        return new CaptureRecord(block.Slice(28, (int)captured), ClampLength(original), state.ToNanoseconds(units), state.LinkType, (int)interfaceId, offset,
            options: options, optionsBigEndian: _swap);
    }

    private CaptureRecord ParseSimplePacket(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 16)
            throw new CaptureFileException($"bad pcapng simple packet block length {block.Length}", offset);
        PcapNgInterfaceState state = Interface(0, offset);
        uint original = ReadUInt32(block[8..]);
        // The block holds no captured length: the smaller of the original length, the interface's snaplen and the room in the block.
        long captured = Math.Min(original, block.Length - 16);
        if (state.SnapLength > 0) captured = Math.Min(captured, state.SnapLength);
        return new CaptureRecord(block.Slice(12, (int)captured), ClampLength(original), 0, state.LinkType, 0, offset);
    }

    private PcapNgInterfaceState Interface(uint id, long offset)
    {
        if (id >= (uint)_section.Count)
            throw new CaptureFileException($"pcapng packet block for interface {id}, which has no description block", offset);
        return _section[(int)id];
    }

    private int ReadBlockLength(long offset)
    {
        uint length = ReadUInt32(Window.Peek(8)[4..]);
        if (length < PcapNgFormat.BlockOverhead || length % 4 != 0 || length > int.MaxValue)
            throw new CaptureFileException($"bad pcapng block length {length}", offset);
        return (int)length;
    }

    /// <summary>Buffers a whole block and checks its trailing length; false (with a warning) when the file ends inside it.</summary>
    private bool EnsureBlock(int length, long offset)
    {
        CheckBufferable(length, offset);
        if (!Window.Ensure(length))
        {
            Warnings.Add($"truncated pcapng block at offset {offset}: block length {length}, only {Window.Available} bytes left; stopped there");
            Window.Advance(Window.Available);
            return false;
        }
        CheckTrailer(Window.Peek(length), offset);
        return true;
    }

    /// <summary>A block read whole must fit the buffer limit: checked before buffering, so a bad length cannot claim gigabytes.</summary>
    private static void CheckBufferable(int length, long offset)
    {
        if (length > PcapNgFormat.MaxBufferedBlockLength)
            throw new CaptureFileException($"pcapng block length {length} is larger than {PcapNgFormat.MaxBufferedBlockLength}", offset);
    }

    private void CheckTrailer(ReadOnlySpan<byte> block, long offset)
    {
        uint trailer = ReadUInt32(block[^4..]);
        if (trailer != (uint)block.Length)
            throw new CaptureFileException($"bad pcapng block: trailing length {trailer} differs from the leading length {block.Length}", offset);
    }

    private static int ClampLength(uint length) => length > int.MaxValue ? int.MaxValue : (int)length;

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes)
    {
        ushort value = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        return _swap ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    private uint ReadUInt32(ReadOnlySpan<byte> bytes)
    {
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        return _swap ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    private ulong ReadUInt64(ReadOnlySpan<byte> bytes)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return _swap ? BinaryPrimitives.ReverseEndianness(value) : value;
    }
}
