using SockScope.Files;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>-l: every printed packet reaches the output stream, flushed, before the next one is read.</summary>
public sealed class LineBufferedOutputTests
{
    private sealed class RecordingStream : MemoryStream
    {
        public List<long> LengthAtEachFlush { get; } = [];
        public override void Flush() => LengthAtEachFlush.Add(Length);
    }

    private static (long Packets, List<long> Flushes) Read(params string[] flags)
    {
        DisplayOptions options = DisplayOptionsTests.Parse(flags);
        using CaptureFileReader reader = CaptureFileReader.Open(Path.Combine(Corpus.CoreDirectory!, "dns_udp.pcap"));
        var output = new RecordingStream();
        long packets = ReadPipeline.Run(reader, options, filter: null, output);
        return (packets, output.LengthAtEachFlush);
    }

    [CorpusFact]
    public void Each_packet_is_flushed_on_its_own_with_l()
    {
        (long packets, List<long> flushes) = Read("-nn", "-l");
        Assert.True(packets > 1);
        // One flush per packet, each with more text than the one before, then the closing flush.
        Assert.Equal(packets, flushes.Distinct().Count());
        Assert.Equal(flushes.Distinct().Order(), flushes.Distinct());
    }

    [CorpusFact]
    public void Without_l_the_output_is_written_in_one_piece()
    {
        (long packets, List<long> flushes) = Read("-nn");
        Assert.True(packets > 1);
        Assert.Single(flushes);
    }
}
