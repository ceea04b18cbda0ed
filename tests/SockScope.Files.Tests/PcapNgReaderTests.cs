using System.Buffers.Binary;
using SockScope.Wire;

namespace SockScope.Files.Tests;

public class PcapNgReaderTests
{
    /// <summary>Builds pcapng blocks in a chosen byte order.</summary>
    private sealed class NgBuilder(bool bigEndian)
    {
        private readonly List<byte> _bytes = [];
        public byte[] ToArray() => _bytes.ToArray();

        private byte[] U32(uint v) { var b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
        private byte[] U16(ushort v) { var b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
        private byte[] U64(ulong v) { var b = new byte[8]; if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }

        public NgBuilder Block(uint type, byte[] body, uint? lengthOverride = null)
        {
            uint length = (uint)(12 + body.Length);
            _bytes.AddRange(U32(type));
            _bytes.AddRange(U32(lengthOverride ?? length));
            _bytes.AddRange(body);
            _bytes.AddRange(U32(length));
            return this;
        }

        public NgBuilder Section() => Block(0x0A0D0D0A, [.. U32(0x1A2B3C4D), .. U16(1), .. U16(0), .. U64(ulong.MaxValue)]);

        public NgBuilder Interface(ushort linkType, uint snap, byte? tsresol = null, long? tsoffset = null)
        {
            var body = new List<byte>([.. U16(linkType), .. U16(0), .. U32(snap)]);
            if (tsresol is { } r) body.AddRange([.. U16(9), .. U16(1), r, 0, 0, 0]);
            if (tsoffset is { } o) body.AddRange([.. U16(14), .. U16(8), .. U64((ulong)o)]);
            if (tsresol is not null || tsoffset is not null) body.AddRange([.. U16(0), .. U16(0)]);
            return Block(1, body.ToArray());
        }

        public NgBuilder Enhanced(uint iface, ulong units, byte[] data, uint orig) =>
            Block(6, [.. U32(iface), .. U32((uint)(units >> 32)), .. U32((uint)units), .. U32((uint)data.Length), .. U32(orig), .. Pad(data)]);

        public NgBuilder Obsolete(ushort iface, ulong units, byte[] data, uint orig) =>
            Block(2, [.. U16(iface), .. U16(0), .. U32((uint)(units >> 32)), .. U32((uint)units), .. U32((uint)data.Length), .. U32(orig), .. Pad(data)]);

        public NgBuilder Simple(byte[] data, uint orig) => Block(3, [.. U32(orig), .. Pad(data)]);

        private static byte[] Pad(byte[] data) => [.. data, .. new byte[(4 - data.Length % 4) % 4]];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsSectionsInterfacesAndPacketBlocks(bool bigEndian)
    {
        byte[] file = new NgBuilder(bigEndian)
            .Section()
            .Block(0x00000BAD, [1, 2, 3, 4])               // custom block: skipped
            .Interface(1, 65535)                             // microseconds by default
            .Interface(101, 0, tsresol: 9, tsoffset: 100)    // nanoseconds, offset 100 s
            .Block(4, [0, 0, 0, 0])                          // name resolution: skipped
            .Enhanced(0, 1_500_000, [1, 2, 3], 60)
            .Enhanced(1, 7, [0x45], 20)
            .Obsolete(0, 2_000_000, [4, 5], 5)
            .ToArray();
        // A second section in the other byte order, with its own interface list.
        byte[] second = new NgBuilder(!bigEndian)
            .Section()
            .Interface(229, 64, tsresol: 0x80 | 10)          // 2^-10 s
            .Simple([6, 7, 8, 9, 10], 5)
            .Enhanced(0, 1024 * 3 + 512, [1], 1)
            .ToArray();
        using var reader = CaptureFileReader.Open(new MemoryStream([.. file, .. second]));
        Assert.Equal(CaptureFileFormat.PcapNg, reader.Format);
        Assert.Equal(LinkType.Ethernet, reader.LinkType);
        Assert.Equal(65535, reader.SnapLength);

        Assert.True(reader.TryRead(out CaptureRecord r));
        Assert.Equal(1_500_000_000L, r.TimestampNanoseconds);
        Assert.Equal(new byte[] { 1, 2, 3 }, r.Data.ToArray());
        Assert.Equal(60, r.OriginalLength);
        Assert.True(reader.TryRead(out r));
        Assert.Equal(LinkType.Raw, r.LinkType);
        Assert.Equal(1, r.InterfaceId);
        Assert.Equal(100_000_000_007L, r.TimestampNanoseconds);
        Assert.True(reader.TryRead(out r));
        Assert.Equal(2_000_000_000L, r.TimestampNanoseconds);
        Assert.Equal(new byte[] { 4, 5 }, r.Data.ToArray());
        Assert.True(reader.TryRead(out r));
        Assert.Equal(LinkType.Ipv6, r.LinkType);
        Assert.Equal(new byte[] { 6, 7, 8, 9, 10 }, r.Data.ToArray()); // SPB: min(orig, room, snaplen)
        Assert.Equal(5, r.OriginalLength);
        Assert.True(reader.TryRead(out r));
        Assert.Equal(3_500_000_000L, r.TimestampNanoseconds);
        Assert.False(reader.TryRead(out _));
        Assert.Empty(reader.Warnings);
        Assert.Equal(3, reader.Interfaces.Count);
    }

    [Fact]
    public void SimplePacketIsCutToTheSnapLength()
    {
        byte[] file = new NgBuilder(false).Section().Interface(1, 4).Simple([1, 2, 3, 4, 5, 6], 6).ToArray();
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.True(reader.TryRead(out CaptureRecord r));
        Assert.Equal(4, r.Data.Length);
    }

    [Fact]
    public void BadBlockLengthNamesTheOffset()
    {
        var builder = new NgBuilder(false).Section().Interface(1, 65535);
        int offset = builder.ToArray().Length;
        byte[] file = builder.Block(6, new byte[24], lengthOverride: 3).ToArray();
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        CaptureFileException e = Assert.Throws<CaptureFileException>(() => reader.TryRead(out _));
        Assert.Equal($"bad pcapng block length 3 at offset {offset}", e.Message);
    }

    [Theory]
    [InlineData(false, 0x4000_0000u)]
    [InlineData(false, 0x7FFF_FFFCu)]
    [InlineData(true, 0x4000_0000u)]
    public void HugeSectionHeaderLengthIsRefusedBeforeBuffering(bool laterSection, uint length)
    {
        // A 40-byte file must not make the reader allocate the gigabyte its section header claims.
        var builder = new NgBuilder(false);
        if (laterSection) builder.Section().Interface(1, 65535);
        int offset = builder.ToArray().Length;
        byte[] file = builder.Block(0x0A0D0D0A, [0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, .. new byte[8]], lengthOverride: length).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        CaptureFileException e = Assert.Throws<CaptureFileException>(() =>
        {
            using var reader = CaptureFileReader.Open(new MemoryStream(file));
            while (reader.TryRead(out _)) { }
        });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the reader buffered the claimed length");
        Assert.Equal($"pcapng block length {length} is larger than 16777216 at offset {offset}", e.Message);
    }

    [Fact]
    public void MismatchedTrailerIsAnError()
    {
        byte[] file = new NgBuilder(false).Section().Interface(1, 65535).Enhanced(0, 0, [1, 2, 3, 4], 4).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), 8);
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.Contains("trailing length 8", Assert.Throws<CaptureFileException>(() => reader.TryRead(out _)).Message);
    }

    [Fact]
    public void CapturedLengthBeyondTheBlockIsAnError()
    {
        var builder = new NgBuilder(false).Section().Interface(1, 65535);
        byte[] file = builder.Enhanced(0, 0, [1, 2, 3, 4], 4).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 36 + 20), 9);
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.Contains("captured length 9", Assert.Throws<CaptureFileException>(() => reader.TryRead(out _)).Message);
    }

    [Fact]
    public void ObsoletePacketBlockChecksItsLengthsAndSixteenBitInterfaceId()
    {
        byte[] file = new NgBuilder(true).Section().Interface(1, 65535).Obsolete(0, 0, [1, 2, 3, 4], 4).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(file.Length - 36 + 20), 9);
        using (var reader = CaptureFileReader.Open(new MemoryStream(file)))
            Assert.Contains("bad pcapng packet block: captured length 9", Assert.Throws<CaptureFileException>(() => reader.TryRead(out _)).Message);
        // The drop count after a 16-bit interface id is not part of the id.
        file = new NgBuilder(true).Section().Interface(1, 65535).Obsolete(0, 0, [1, 2, 3, 4], 4).ToArray();
        file[file.Length - 36 + 10] = 0xFF;
        using (var reader = CaptureFileReader.Open(new MemoryStream(file)))
        {
            Assert.True(reader.TryRead(out CaptureRecord r));
            Assert.Equal(0, r.InterfaceId);
        }
    }

    [Fact]
    public void UnknownInterfaceIsAnError()
    {
        byte[] file = new NgBuilder(false).Section().Interface(1, 65535).Enhanced(3, 0, [1], 1).ToArray();
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.Contains("interface 3", Assert.Throws<CaptureFileException>(() => reader.TryRead(out _)).Message);
    }

    [Fact]
    public void PacketBeforeAnyInterfaceIsAnError()
    {
        byte[] file = new NgBuilder(false).Section().Enhanced(0, 0, [1], 1).ToArray();
        Assert.Contains("before any interface", Assert.Throws<CaptureFileException>(() => CaptureFileReader.Open(new MemoryStream(file))).Message);
    }

    [Fact]
    public void BadByteOrderMagicIsAnError()
    {
        byte[] file = new NgBuilder(false).Section().Interface(1, 65535).ToArray();
        file[8] ^= 0xFF;
        Assert.Contains("byte-order magic", Assert.Throws<CaptureFileException>(() => CaptureFileReader.Open(new MemoryStream(file))).Message);
    }

    [Fact]
    public void TruncatedLastBlockStopsWithAWarning()
    {
        byte[] file = new NgBuilder(false).Section().Interface(1, 65535).Enhanced(0, 0, [1], 1).Enhanced(0, 0, [1, 2, 3, 4, 5], 5).ToArray();
        using var reader = CaptureFileReader.Open(new MemoryStream(file[..^6]));
        Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        Assert.Contains("truncated pcapng block", Assert.Single(reader.Warnings));
    }
}
