using System.Buffers.Binary;
using SockScope.Wire;

namespace SockScope.Files.Tests;

public class WriterRoundTripTests
{
    [Theory]
    [InlineData(CaptureFileFormat.Pcap)]
    [InlineData(CaptureFileFormat.PcapNanoseconds)]
    [InlineData(CaptureFileFormat.PcapNg)]
    public void WrittenPacketsReadBack(CaptureFileFormat format)
    {
        var stream = new MemoryStream();
        long[] stamps = [1_418_145_369_924_505_123, 4_102_444_800_000_000_001, 0];
        using (var writer = CaptureFileWriter.Create(stream, format, LinkType.LinuxSll, 128, "eth0", leaveOpen: true))
        {
            for (int i = 0; i < stamps.Length; i++)
                writer.Write(Enumerable.Range(0, 10 + i).Select(b => (byte)b).ToArray(), stamps[i], 100 + i);
            writer.Write(new byte[200], 5, 200); // cut to the snap length
            Assert.Equal(4, writer.PacketCount);
        }
        stream.Position = 0;
        using var reader = CaptureFileReader.Open(stream);
        Assert.Equal(format, reader.Format);
        Assert.Equal(LinkType.LinuxSll, reader.LinkType);
        Assert.Equal(128, reader.SnapLength);
        if (format == CaptureFileFormat.PcapNg) Assert.Equal("eth0", reader.Interfaces[0].Name);
        for (int i = 0; i < stamps.Length; i++)
        {
            Assert.True(reader.TryRead(out CaptureRecord r));
            Assert.Equal(10 + i, r.Data.Length);
            Assert.Equal((byte)(9 + i), r.Data[^1]);
            Assert.Equal(100 + i, r.OriginalLength);
            long expected = format == CaptureFileFormat.Pcap ? stamps[i] / 1000 * 1000 : stamps[i];
            Assert.Equal(expected, r.TimestampNanoseconds);
        }
        Assert.True(reader.TryRead(out CaptureRecord cut));
        Assert.Equal(128, cut.Data.Length);
        Assert.Equal(200, cut.OriginalLength);
        Assert.False(reader.TryRead(out _));
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void PcapNgHoldsSeveralInterfacesAndStatistics()
    {
        var stream = new MemoryStream();
        using (var writer = CaptureFileWriter.Create(stream, CaptureFileFormat.PcapNg, LinkType.Ethernet, leaveOpen: true))
        {
            int raw = writer.AddInterface(LinkType.Raw, 1500, "tun0");
            Assert.Equal(1, raw);
            writer.Write([0x45, 0], 1, 2, raw);
            writer.Write([1, 2, 3], 2, 3, 0);
            Assert.True(writer.WriteStatistics(0, 3, new InterfaceStatistics { Received = 10, InterfaceDropped = 2, OsDropped = 1 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write([1], 1, 1, 5));
        }
        byte[] bytes = stream.ToArray();
        Assert.Contains(bytes.Select((b, i) => i).Where(i => i + 4 <= bytes.Length && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == 5), _ => true);
        using var reader = CaptureFileReader.Open(new MemoryStream(bytes));
        Assert.True(reader.TryRead(out CaptureRecord a));
        Assert.Equal(LinkType.Raw, a.LinkType);
        Assert.Equal(1, a.InterfaceId);
        Assert.True(reader.TryRead(out CaptureRecord b));
        Assert.Equal(LinkType.Ethernet, b.LinkType);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(2, reader.Interfaces.Count);
    }

    [Fact]
    public void PcapRefusesASecondInterface()
    {
        using var writer = CaptureFileWriter.Create(new MemoryStream(), CaptureFileFormat.Pcap, LinkType.Ethernet);
        Assert.Throws<NotSupportedException>(() => writer.AddInterface(LinkType.Raw));
        Assert.False(writer.WriteStatistics(0, 0, new InterfaceStatistics { InterfaceDropped = 1 }));
    }

    [Theory]
    [InlineData(CaptureFileFormat.Pcap, 262144)]
    [InlineData(CaptureFileFormat.PcapNanoseconds, 262144)]
    [InlineData(CaptureFileFormat.PcapNg, 400_000)]
    public void SnapLengthBeyondWhatReadersAcceptIsCappedSoTheFileReadsBack(CaptureFileFormat format, int kept)
    {
        // pcap readers (libpcap's and ours) refuse records over 256 KiB; pcapng blocks may be larger.
        var stream = new MemoryStream();
        using (var writer = CaptureFileWriter.Create(stream, format, LinkType.Ethernet, 1_000_000, leaveOpen: true))
        {
            Assert.Equal(format == CaptureFileFormat.PcapNg ? 1_000_000 : 262144, writer.SnapLength);
            writer.Write(new byte[400_000], 0, 400_000);
        }
        stream.Position = 0;
        using var reader = CaptureFileReader.Open(stream);
        Assert.True(reader.TryRead(out CaptureRecord r));
        Assert.Equal(kept, r.Data.Length);
        Assert.Equal(400_000, r.OriginalLength);
    }

    [Fact]
    public void PcapNgInterfaceNameMustFitItsOptionLength()
    {
        using var writer = CaptureFileWriter.Create(new MemoryStream(), CaptureFileFormat.PcapNg, LinkType.Ethernet);
        Assert.Throws<ArgumentException>(() => writer.AddInterface(LinkType.Ethernet, name: new string('x', 65536)));
        Assert.Equal(1, writer.AddInterface(LinkType.Ethernet, name: new string('x', 65535)));
    }
}
