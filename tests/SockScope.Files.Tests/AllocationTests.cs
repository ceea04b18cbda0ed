using SockScope.Wire;

namespace SockScope.Files.Tests;

/// <summary>The per-record paths allocate nothing once the buffers exist.</summary>
public class AllocationTests
{
    private const int Packets = 5000;

    private static byte[] Build(CaptureFileFormat format)
    {
        var stream = new MemoryStream();
        using (CaptureFileWriter writer = CaptureFileWriter.Create(stream, format, LinkType.Ethernet, leaveOpen: true))
        {
            byte[] frame = new byte[1514];
            for (int i = 0; i < Packets; i++) writer.Write(frame.AsSpan(0, 60 + i % 1400), i * 1000L, 60 + i % 1400);
        }
        return stream.ToArray();
    }

    [Theory]
    [InlineData(CaptureFileFormat.Pcap)]
    [InlineData(CaptureFileFormat.PcapNanoseconds)]
    [InlineData(CaptureFileFormat.PcapNg)]
    public void ReadingRecordsDoesNotAllocatePerRecord(CaptureFileFormat format)
    {
        byte[] file = Build(format);
        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file, writable: false));
        Assert.True(reader.TryRead(out _)); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 0;
        while (reader.TryRead(out CaptureRecord record)) count += record.Data.Length > 0 ? 1 : 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Packets - 1, count);
        Assert.True(allocated < count, $"{allocated} bytes allocated for {count} records: less than one byte per record expected");
    }

    [Theory]
    [InlineData(CaptureFileFormat.Pcap)]
    [InlineData(CaptureFileFormat.PcapNg)]
    public void WritingDoesNotAllocatePerPacket(CaptureFileFormat format)
    {
        using CaptureFileWriter writer = CaptureFileWriter.Create(Stream.Null, format, LinkType.Ethernet);
        byte[] frame = new byte[1514];
        writer.Write(frame, 0, 1514);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Packets; i++) writer.Write(frame.AsSpan(0, 60 + i % 1400), i * 1000L, 60 + i % 1400);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Packets, $"{allocated} bytes allocated for {Packets} packets: less than one byte per packet expected");
    }
}
