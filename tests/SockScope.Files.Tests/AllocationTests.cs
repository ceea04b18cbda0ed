using SockScope.Wire;

namespace SockScope.Files.Tests;

/// <summary>
/// The per-record paths allocate nothing once the buffers exist. Each measure is the least of a
/// few passes: now and then one pass is charged 7 to 8 KiB at once, about one allocation context
/// (4 of 17 suite runs; also with this class run alone after the others, and after a warm-up
/// pass). That is no per-record cost: an allocation per record shows in every pass.
/// </summary>
public class AllocationTests
{
    private const int Packets = 5000;
    private const int Passes = 3;

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
        long allocated = long.MaxValue;
        for (int pass = 0; pass < Passes; pass++)
        {
            using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file, writable: false));
            Assert.True(reader.TryRead(out _)); // the buffer is filled
            long before = GC.GetAllocatedBytesForCurrentThread();
            int records = 0;
            while (reader.TryRead(out CaptureRecord record)) records += record.Data.Length > 0 ? 1 : 0;
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(Packets - 1, records);
        }
        int count = Packets - 1;
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
        long allocated = long.MaxValue;
        for (int pass = 0; pass < Passes; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Packets; i++) writer.Write(frame.AsSpan(0, 60 + i % 1400), i * 1000L, 60 + i % 1400);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(allocated < Packets, $"{allocated} bytes allocated for {Packets} packets: less than one byte per packet expected");
    }
}
