using SockScope.TestSupport;
using SockScope.Wire.Decoding;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;

namespace SockScope.Wire.Tests.Decoding;

/// <summary>
/// Every capture of the corpus (830 files, many of them fuzzer output) goes through the decoder
/// and the printer in each mode: nothing may throw, and every decoded layer must lie inside the frame.
/// </summary>
public class CorpusRobustnessTests
{
    private static readonly FormatOptions[] Modes =
    [
        new() { NumericPorts = true },
        new() { NumericPorts = true, Verbosity = 1 },
        new() { NumericPorts = false, Verbosity = 3, LinkHeader = true },
        new() { NumericPorts = true, Quiet = true, LinkHeader = true },
    ];

    [CorpusFact]
    public void Every_capture_decodes_and_prints_without_throwing()
    {
        int packets = 0;
        using var output = new Utf8Builder();
        var printers = Modes.Select(m => new TcpdumpPrinter(output, m)).ToArray();
        foreach (string capture in Corpus.AllCaptures())
        {
            foreach (CaptureRecord record in CaptureFileReader.Read(capture))
            {
                packets++;
                PacketDecoder.Decode(record.LinkType, record.Data, out DecodedPacket decoded);
                for (int i = 0; i < decoded.Count; i++)
                {
                    Layer layer = decoded[i];
                    Assert.True(layer.Offset >= 0 && layer.End <= record.Data.Length,
                        $"{Path.GetFileName(capture)}: layer {layer.Kind} at {layer.Offset}+{layer.HeaderLength} outside {record.Data.Length} bytes");
                }
                foreach (TcpdumpPrinter printer in printers)
                {
                    output.Clear();
                    int linkLength = printer.PrintPacket(record.LinkType, record.Data, record.OriginalLength);
                    Assert.InRange(linkLength, 0, Math.Max(record.Data.Length, 0));
                }
            }
        }
        Assert.True(packets > 1000, $"only {packets} packets read");
    }
}
