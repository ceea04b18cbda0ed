using System.Buffers.Binary;
using SockScope.Wire;

namespace SockScope.Files.Pcap;

/// <summary>Classic pcap, written in little-endian order with micro- or nanosecond timestamps.</summary>
internal sealed class PcapFileWriter : CaptureFileWriter
{
    private readonly bool _nanoseconds;

    public PcapFileWriter(Stream stream, bool leaveOpen, LinkType linkType, int snapLength, bool nanoseconds)
        : base(stream, leaveOpen, linkType, snapLength, PcapFormat.MaxRecordLength)
    {
        _nanoseconds = nanoseconds;
        Span<byte> header = Reserve(PcapFormat.FileHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, nanoseconds ? PcapFormat.NanosecondMagic : PcapFormat.MicrosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], PcapFormat.VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], PcapFormat.VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);   // thiszone: always UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs: unused
        BinaryPrimitives.WriteUInt32LittleEndian(header[PcapFormat.SnapLengthOffset..], (uint)SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PcapFormat.LinkTypeOffset..], (ushort)linkType);
        Commit(PcapFormat.FileHeaderLength);
    }

    public override CaptureFileFormat Format => _nanoseconds ? CaptureFileFormat.PcapNanoseconds : CaptureFileFormat.Pcap;

    private protected override void WriteRecord(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId)
    {
        if (interfaceId != 0)
            throw new ArgumentOutOfRangeException(nameof(interfaceId), "a pcap file has only interface 0");
        long seconds = Math.DivRem(timestampNanoseconds, 1_000_000_000L, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += 1_000_000_000L;
        }
        int size = PcapFormat.RecordHeaderLength + data.Length;
        Span<byte> record = Reserve(size);
        // The seconds field is unsigned 32-bit: it covers 1970 to 2106.
        BinaryPrimitives.WriteUInt32LittleEndian(record, unchecked((uint)seconds));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(_nanoseconds ? remainder : remainder / 1000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)originalLength);
        PacketBytes.Copy(data, record[PcapFormat.RecordHeaderLength..]);
        Commit(size);
    }
}
