using System.Buffers.Binary;
using SockScope.Wire;

namespace SockScope.Files.Tests;

public class PcapReaderTests
{
    private static byte[] PcapFile(bool bigEndian, bool nano, uint linkField, params (uint Sec, uint Frac, byte[] Data, uint Orig)[] records)
    {
        var bytes = new List<byte>();
        void U32(uint v) { var b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); bytes.AddRange(b); }
        void U16(ushort v) { var b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v); bytes.AddRange(b); }
        U32(nano ? 0xA1B23C4D : 0xA1B2C3D4); U16(2); U16(4); U32(0); U32(0); U32(65535); U32(linkField);
        foreach (var r in records) { U32(r.Sec); U32(r.Frac); U32((uint)r.Data.Length); U32(r.Orig); bytes.AddRange(r.Data); }
        return bytes.ToArray();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ReadsBothByteOrdersAndResolutions(bool bigEndian, bool nano)
    {
        byte[] file = PcapFile(bigEndian, nano, 1, (1_418_145_369, 924_505, [1, 2, 3], 60), (4_000_000_000, 7, [9], 9));
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.Equal(nano ? CaptureFileFormat.PcapNanoseconds : CaptureFileFormat.Pcap, reader.Format);
        Assert.Equal(bigEndian, reader.IsBigEndian);
        Assert.Equal(LinkType.Ethernet, reader.LinkType);
        Assert.Equal(65535, reader.SnapLength);
        Assert.True(reader.TryRead(out CaptureRecord first));
        Assert.Equal(new byte[] { 1, 2, 3 }, first.Data.ToArray());
        Assert.Equal(60, first.OriginalLength);
        Assert.Equal(1_418_145_369L * 1_000_000_000 + (nano ? 924_505 : 924_505_000), first.TimestampNanoseconds);
        Assert.Equal(24, first.FileOffset);
        Assert.True(reader.TryRead(out CaptureRecord second));
        // After 2038 (and before 2106) the unsigned seconds field must not go negative.
        Assert.Equal(4_000_000_000L * 1_000_000_000 + (nano ? 7 : 7000), second.TimestampNanoseconds);
        Assert.False(reader.TryRead(out _));
        Assert.Empty(reader.Warnings);
        Assert.Equal(2, reader.RecordCount);
    }

    [Fact]
    public void MasksTheUpperBitsOfTheLinkType()
    {
        using var reader = CaptureFileReader.Open(new MemoryStream(PcapFile(false, false, 0x300000E5)));
        Assert.Equal(LinkType.Ipv6, reader.LinkType);
    }

    [Fact]
    public void TruncatedLastRecordStopsWithAWarning()
    {
        byte[] file = PcapFile(false, false, 1, (1, 0, [1, 2, 3, 4], 4), (2, 0, [5, 6, 7, 8], 4));
        using var reader = CaptureFileReader.Open(new MemoryStream(file[..^2]));
        Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        string warning = Assert.Single(reader.Warnings);
        Assert.Contains("offset 44", warning);
    }

    [Fact]
    public void TruncatedRecordHeaderStopsWithAWarning()
    {
        byte[] file = PcapFile(false, false, 1, (1, 0, [1, 2, 3, 4], 4));
        using var reader = CaptureFileReader.Open(new MemoryStream([.. file, 1, 2, 3]));
        Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        Assert.Contains("offset 44", Assert.Single(reader.Warnings));
    }

    [Fact]
    public void HugeCapturedLengthIsAnErrorNamingTheOffset()
    {
        byte[] file = PcapFile(false, false, 1, (1, 0, [1, 2, 3, 4], 4), (1, 0, [1], 1));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(44 + 8), 300_000);
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.True(reader.TryRead(out _));
        CaptureFileException error = Assert.Throws<CaptureFileException>(() => reader.TryRead(out _));
        Assert.Equal(44, error.Offset);
        Assert.Contains("captured length 300000", error.Message);
        Assert.EndsWith("at offset 44", error.Message);
    }

    [Fact]
    public void CapturedLengthAboveSnapLengthIsTolerated()
    {
        byte[] data = new byte[70_000];
        byte[] file = PcapFile(false, false, 1, (1, 0, data, 70_000));
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.True(reader.TryRead(out CaptureRecord record));
        Assert.Equal(70_000, record.Data.Length);
    }

    [Theory]
    [InlineData(new byte[] { }, "empty capture file at offset 0")]
    [InlineData(new byte[] { 0xD4, 0xC3 }, "truncated capture file header (2 bytes) at offset 0")]
    [InlineData(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1, 0, 0 }, "truncated pcap file header (6 of 24 bytes) at offset 0")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 }, "not a pcap file (magic 0x01020304) at offset 0")]
    public void BadHeadersGiveOneLineErrors(byte[] file, string message)
    {
        CaptureFileException error = Assert.Throws<CaptureFileException>(() => CaptureFileReader.Open(new MemoryStream(file)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void StreamsThroughASmallBufferAcrossRefills()
    {
        // More data than one window: records straddle buffer boundaries.
        var records = Enumerable.Range(0, 3000).Select(i => ((uint)i, 0u, Enumerable.Repeat((byte)i, 100 + i % 900).ToArray(), (uint)(100 + i % 900))).ToArray();
        byte[] file = PcapFile(false, false, 1, records);
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        int count = 0;
        while (reader.TryRead(out CaptureRecord record))
        {
            Assert.Equal(100 + count % 900, record.Data.Length);
            Assert.True(record.Data.IndexOfAnyExcept((byte)count) < 0);
            count++;
        }
        Assert.Equal(3000, count);
    }

    [Fact]
    public async Task OwnedPacketsAsync()
    {
        byte[] file = PcapFile(false, false, 1, (1, 2, [1, 2], 2), (3, 4, [3], 3));
        using var reader = CaptureFileReader.Open(new MemoryStream(file));
        var packets = new List<CapturedPacket>();
        await foreach (CapturedPacket p in reader.ReadPacketsAsync()) packets.Add(p);
        Assert.Equal(2, packets.Count);
        Assert.Equal(new byte[] { 1, 2 }, packets[0].Data.ToArray());
        Assert.Equal(3_000_004_000L, packets[1].TimestampNanoseconds);
        Assert.Equal(LinkType.Ethernet, packets[1].LinkType);
    }

    [Theory]
    [InlineData(false, 1_000_000u)]
    [InlineData(true, 2_147_483_648u)]
    public void OutOfRangeFractionIsKeptRaw(bool nano, uint fraction)
    {
        using var reader = CaptureFileReader.Open(new MemoryStream(PcapFile(false, nano, 1, (1_418_145_370, fraction, [1], 1), (1_418_145_370, 5, [1], 1))));
        Assert.True(reader.TryRead(out CaptureRecord bad));
        Assert.Equal(1_418_145_370L * 1_000_000_000, bad.TimestampNanoseconds);
        Assert.Equal(fraction, bad.InvalidFraction);
        Assert.Equal(nano, bad.InvalidFractionInNanoseconds);
        Assert.True(reader.TryRead(out CaptureRecord good));
        Assert.Equal(-1, good.InvalidFraction);
    }
}
