using System.Diagnostics;
using SockScope.TestSupport;
using SockScope.Wire;

namespace SockScope.Files.Tests;

public class PacketCommentTests
{
    private static readonly byte[] Packet = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00, 0x45];
    private static readonly PacketComments Comments = new(["PID: 42\nCmd: /usr/bin/curl\nArgs: curl -s http://10.0.0.1/", "ThreadId: 43\nThreadName: curl"]);

    [Fact]
    public void PcapNgKeepsEachCommentAsItsOwnOptionAndReadsThemBack()
    {
        var stream = new MemoryStream();
        using (CaptureFileWriter writer = CaptureFileWriter.Create(stream, CaptureFileFormat.PcapNg, LinkType.Ethernet, leaveOpen: true))
        {
            writer.Write(Packet, 1_000_000_123, Packet.Length, 0, Comments);
            writer.Write(Packet, 2_000_000_000, Packet.Length);
            Assert.False(writer.CommentsDropped);
        }
        stream.Position = 0;
        using CaptureFileReader reader = CaptureFileReader.Open(stream);
        Assert.True(reader.TryRead(out CaptureRecord first));
        Assert.Equal(Packet, first.Data.ToArray());
        Assert.Equal(1_000_000_123, first.TimestampNanoseconds);
        Assert.Equal(Comments.Texts, first.ReadComments());
        Assert.True(reader.TryRead(out CaptureRecord second));
        Assert.Empty(second.ReadComments());
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void PcapDropsCommentsAndSaysSo()
    {
        var stream = new MemoryStream();
        using CaptureFileWriter writer = CaptureFileWriter.Create(stream, CaptureFileFormat.Pcap, LinkType.Ethernet, leaveOpen: true);
        writer.Write(Packet, 0, Packet.Length, 0, null);
        Assert.False(writer.CommentsDropped);
        writer.Write(Packet, 0, Packet.Length, 0, Comments);
        Assert.True(writer.CommentsDropped);
        Assert.Equal(2, writer.PacketCount);
    }

    [NeedsToolsFact("tshark")]
    public void TsharkSeesTheCommentsAsFrameComments()
    {
        string tshark = Tools.Find("tshark")!;
        string path = Path.Combine(Path.GetTempPath(), $"sockscope-comments-{Environment.ProcessId}.pcapng");
        try
        {
            using (CaptureFileWriter writer = CaptureFileWriter.Create(path, CaptureFileFormat.PcapNg, LinkType.Ethernet))
            {
                writer.Write(Packet, 0, Packet.Length, 0, Comments);
                writer.Write(Packet, 0, Packet.Length);
            }
            var start = new ProcessStartInfo(tshark, ["-r", path, "-Y", "frame.comment contains \"PID: 42\"", "-T", "fields", "-e", "frame.number"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(start)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal("1", output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
