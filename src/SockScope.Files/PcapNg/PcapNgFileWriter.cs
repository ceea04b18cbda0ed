using System.Buffers.Binary;
using System.Text;
using SockScope.Wire;

namespace SockScope.Files.PcapNg;

/// <summary>
/// pcapng in little-endian order: one section, an Interface Description Block per interface
/// (if_name, if_tsresol = 9 so timestamps keep their nanoseconds), Enhanced Packet Blocks, and
/// Interface Statistics Blocks on request.
/// </summary>
internal sealed class PcapNgFileWriter : CaptureFileWriter
{
    private const byte NanosecondResolution = 9;
    /// <summary>An Enhanced Packet Block's bytes around the packet data.</summary>
    private const int EnhancedPacketOverhead = 32;
    private const ushort ShbUserApplication = 4;
    private static readonly byte[] UserApplication = "SockScope"u8.ToArray();

    private int _interfaceCount;

    public PcapNgFileWriter(Stream stream, bool leaveOpen, LinkType linkType, int snapLength, string? interfaceName)
        : base(stream, leaveOpen, linkType, snapLength, PcapNgFormat.MaxBufferedBlockLength - EnhancedPacketOverhead)
    {
        WriteSectionHeader();
        AddInterface(linkType, SnapLength, interfaceName);
    }

    public override CaptureFileFormat Format => CaptureFileFormat.PcapNg;

    public override int AddInterface(LinkType linkType, int snapLength = PcapFormatLimits.DefaultSnapLength, string? name = null)
    {
        byte[]? nameBytes = name is null ? null : Encoding.UTF8.GetBytes(name);
        // An option's length field has 16 bits: a longer name would corrupt the block.
        if (nameBytes?.Length > ushort.MaxValue)
            throw new ArgumentException($"interface name of {nameBytes.Length} bytes: pcapng holds at most {ushort.MaxValue}", nameof(name));
        int options = (nameBytes is null ? 0 : OptionSize(nameBytes.Length)) + OptionSize(1) + 4;
        int length = 20 + options;
        Span<byte> block = ReserveBlock(PcapNgFormat.InterfaceDescriptionBlock, length);
        BinaryPrimitives.WriteUInt16LittleEndian(block[8..], (ushort)linkType);
        BinaryPrimitives.WriteUInt16LittleEndian(block[10..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], (uint)Math.Max(snapLength, 0));
        int at = 16;
        if (nameBytes is not null) at += WriteOption(block[at..], PcapNgFormat.IfName, nameBytes);
        at += WriteOption(block[at..], PcapNgFormat.IfTimestampResolution, [NanosecondResolution]);
        BinaryPrimitives.WriteUInt32LittleEndian(block[at..], 0); // opt_endofopt
        Commit(length);
        return _interfaceCount++;
    }

    public override bool WriteStatistics(int interfaceId, long timestampNanoseconds, in InterfaceStatistics statistics)
    {
        CheckInterface(interfaceId);
        Span<(ushort Code, ulong Value)> options = stackalloc (ushort, ulong)[7];
        int count = 0;
        if (statistics.StartTimestampNanoseconds is { } start) options[count++] = (PcapNgFormat.IsbStartTime, SplitTimestamp(start));
        if (statistics.EndTimestampNanoseconds is { } end) options[count++] = (PcapNgFormat.IsbEndTime, SplitTimestamp(end));
        if (statistics.Received is { } received) options[count++] = (PcapNgFormat.IsbIfReceived, received);
        if (statistics.InterfaceDropped is { } dropped) options[count++] = (PcapNgFormat.IsbIfDropped, dropped);
        if (statistics.FilterAccepted is { } accepted) options[count++] = (PcapNgFormat.IsbFilterAccepted, accepted);
        if (statistics.OsDropped is { } osDropped) options[count++] = (PcapNgFormat.IsbOsDropped, osDropped);
        if (statistics.Delivered is { } delivered) options[count++] = (PcapNgFormat.IsbUserDelivered, delivered);
        int length = 24 + count * 12 + (count > 0 ? 4 : 0);
        Span<byte> block = ReserveBlock(PcapNgFormat.InterfaceStatisticsBlock, length);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], (uint)interfaceId);
        WriteTimestamp(block[12..], timestampNanoseconds);
        int at = 20;
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(block[at..], options[i].Code);
            BinaryPrimitives.WriteUInt16LittleEndian(block[(at + 2)..], 8);
            // Start and end times are written as two 32-bit halves, high first, like packet timestamps.
            if (options[i].Code is PcapNgFormat.IsbStartTime or PcapNgFormat.IsbEndTime)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(block[(at + 4)..], (uint)(options[i].Value >> 32));
                BinaryPrimitives.WriteUInt32LittleEndian(block[(at + 8)..], (uint)options[i].Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(block[(at + 4)..], options[i].Value);
            }
            at += 12;
        }
        if (count > 0) BinaryPrimitives.WriteUInt32LittleEndian(block[at..], 0);
        Commit(length);
        return true;
    }

    private protected override void WriteRecord(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId) =>
        WriteRecordWithOptions(data, timestampNanoseconds, originalLength, interfaceId, []);

    /// <summary>An Enhanced Packet Block; <paramref name="options"/> (already padded) go after the data, then opt_endofopt.</summary>
    private protected override void WriteRecordWithOptions(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId, ReadOnlySpan<byte> options)
    {
        CheckInterface(interfaceId);
        int padded = (data.Length + 3) & ~3;
        int optionBytes = options.Length == 0 ? 0 : options.Length + 4;
        int length = EnhancedPacketOverhead + padded + optionBytes;
        Span<byte> block = ReserveBlock(PcapNgFormat.EnhancedPacketBlock, length);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], (uint)interfaceId);
        WriteTimestamp(block[12..], timestampNanoseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(block[20..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(block[24..], (uint)originalLength);
        PacketBytes.Copy(data, block[28..]);
        block.Slice(28 + data.Length, padded - data.Length).Clear();
        if (optionBytes > 0)
        {
            options.CopyTo(block[(28 + padded)..]);
            BinaryPrimitives.WriteUInt32LittleEndian(block[(28 + padded + options.Length)..], 0); // opt_endofopt
        }
        Commit(length);
    }

    private void WriteSectionHeader()
    {
        int length = 28 + OptionSize(UserApplication.Length) + 4;
        Span<byte> block = ReserveBlock(PcapNgFormat.SectionHeaderBlock, length);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], PcapNgFormat.ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(block[12..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(block[14..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(block[16..], -1); // section length not known in advance
        int at = 24 + WriteOption(block[24..], ShbUserApplication, UserApplication);
        BinaryPrimitives.WriteUInt32LittleEndian(block[at..], 0);
        Commit(length);
    }

    /// <summary>Reserves a block of <paramref name="length"/> bytes framed as every pcapng block is: its type and total length first, the total length again last.</summary>
    private Span<byte> ReserveBlock(uint type, int length)
    {
        Span<byte> block = Reserve(length);
        BinaryPrimitives.WriteUInt32LittleEndian(block, type);
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(block[^4..], (uint)length);
        return block;
    }

    private void CheckInterface(int interfaceId)
    {
        if ((uint)interfaceId >= (uint)_interfaceCount)
            throw new ArgumentOutOfRangeException(nameof(interfaceId), $"interface {interfaceId} was not added (this file has {_interfaceCount})");
    }

    private static ulong SplitTimestamp(long nanoseconds) => unchecked((ulong)nanoseconds);

    private static void WriteTimestamp(Span<byte> destination, long nanoseconds)
    {
        ulong units = unchecked((ulong)nanoseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(units >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)units);
    }

    private static int OptionSize(int valueLength) => 4 + ((valueLength + 3) & ~3);

    private static int WriteOption(Span<byte> destination, ushort code, ReadOnlySpan<byte> value)
    {
        int size = OptionSize(value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, code);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)value.Length);
        value.CopyTo(destination[4..]);
        destination.Slice(4 + value.Length, size - 4 - value.Length).Clear();
        return size;
    }
}
