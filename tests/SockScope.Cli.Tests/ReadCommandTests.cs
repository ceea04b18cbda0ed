using SockScope.Files;
using SockScope.TestSupport;
using SockScope.Wire;
using SockScope.Wire.Formatting;

namespace SockScope.Cli.Tests;

public class ReadCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sockscope-read-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MakePcap(string name, CaptureFileFormat format, int packets)
    {
        string path = Path.Combine(_dir, name);
        using var writer = CaptureFileWriter.Create(path, format, LinkType.Ethernet);
        for (int i = 0; i < packets; i++)
            writer.Write(Enumerable.Range(0, 60).Select(b => (byte)(b + i)).ToArray(), 1_418_145_369_000_000_000 + i * 1_500_000_123L, 60);
        return path;
    }

    [Fact]
    public void PrintsOneLinePerPacketWithNumbersAndDumps()
    {
        string path = MakePcap("a.pcap", CaptureFileFormat.Pcap, 3);
        var options = new DisplayOptions { Timestamps = TimestampStyle.Epoch, PacketNumbers = true, Dump = DumpStyle.Hex, DumpLinkHeader = true };
        string text = ReadPipeline.PrintToString(path, options);
        string[] lines = text.Split('\n');
        Assert.StartsWith("    1  1418145369.000000 ", lines[0]);
        // -xx dumps from the first byte (the frames hold 0, 1, 2, ... plus the packet index).
        Assert.Contains("\t0x0000:  0001 0203 0405 0607 0809 0a0b 0c0d 0e0f", lines);
        Assert.Contains("\t0x0000:  0203 0405 0607 0809 0a0b 0c0d 0e0f 1011", lines);
        Assert.Contains(lines, l => l.StartsWith("    3  1418145372.000000 ", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.StartsWith("    ", StringComparison.Ordinal)));
    }

    [Fact]
    public void CountStopsEarly()
    {
        string path = MakePcap("b.pcap", CaptureFileFormat.Pcap, 5);
        using var reader = CaptureFileReader.Open(path);
        var output = new MemoryStream();
        long printed = ReadPipeline.Run(reader, new DisplayOptions { Count = 2 }, null, output);
        Assert.Equal(2, printed);
        string[] lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal(2, lines.Count(l => l.Length > 0 && l[0] is not ' ' and not '\t'));
    }

    [Theory]
    [InlineData("out.pcapng", CaptureFileFormat.PcapNg)]
    [InlineData("out.pcap", CaptureFileFormat.Pcap)]
    public void WriteConvertsBetweenFormats(string outName, CaptureFileFormat expected)
    {
        string input = MakePcap("in.pcapng", CaptureFileFormat.PcapNg, 4);
        string output = Path.Combine(_dir, outName);
        Assert.Equal(0, new Commands.ReadCommand().Run(["-r", input, "-w", output]));
        using var reader = CaptureFileReader.Open(output);
        Assert.Equal(expected, reader.Format);
        int count = 0;
        while (reader.TryRead(out CaptureRecord r))
        {
            Assert.Equal(60, r.Data.Length);
            Assert.Equal((byte)count, r.Data[0]);
            count++;
        }
        Assert.Equal(4, count);
    }

    [Fact]
    public void PcapNgToPcapNgKeepsEachInterfaceLinkType()
    {
        string input = Path.Combine(_dir, "multi.pcapng");
        using (CaptureFileWriter writer = CaptureFileWriter.Create(input, CaptureFileFormat.PcapNg, LinkType.Ethernet))
        {
            int raw = writer.AddInterface(LinkType.Raw, 262144, "tun0");
            writer.Write(new byte[60], 1, 60, 0);
            writer.Write([0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2], 2, 20, raw);
            writer.Write(new byte[60], 3, 60, 0);
        }
        string output = Path.Combine(_dir, "multi-out.pcapng");
        Assert.Equal(0, new Commands.ReadCommand().Run([input, "-w", output]));
        using var reader = CaptureFileReader.Open(output);
        var links = new List<LinkType>();
        while (reader.TryRead(out CaptureRecord r)) links.Add(r.LinkType);
        Assert.Equal([LinkType.Ethernet, LinkType.Raw, LinkType.Ethernet], links);
        Assert.Equal("tun0", reader.Interfaces[1].Name);
    }

    [Fact]
    public void FilterSelectsWhatIsWritten()
    {
        string input = Path.Combine(_dir, "mixed.pcap");
        using (CaptureFileWriter writer = CaptureFileWriter.Create(input, CaptureFileFormat.Pcap, LinkType.Ethernet))
        {
            byte[] arp = new byte[60];
            arp[12] = 0x08;
            arp[13] = 0x06;
            writer.Write(arp, 1, 60);
            writer.Write(new byte[60], 2, 60);
            writer.Write(arp, 3, 60);
        }
        string output = Path.Combine(_dir, "arp.pcap");
        Assert.Equal(0, new Commands.ReadCommand().Run([input, "-w", output, "arp"]));
        using var reader = CaptureFileReader.Open(output);
        int count = 0;
        while (reader.TryRead(out _)) count++;
        Assert.Equal(2, count);
    }

    [Fact]
    public void JsonIsOneObjectPerLine()
    {
        string path = MakePcap("j.pcap", CaptureFileFormat.Pcap, 3);
        string text = ReadPipeline.PrintToString(path, new DisplayOptions { Json = true });
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using var json = System.Text.Json.JsonDocument.Parse(lines[i]);
            Assert.Equal(i + 1, json.RootElement.GetProperty("frame").GetProperty("number").GetInt32());
        }
    }

    [Fact]
    public void MissingFileIsACommandError()
    {
        var e = Assert.Throws<CommandException>(() => new Commands.ReadCommand().Run([Path.Combine(_dir, "none.pcap")]));
        Assert.EndsWith("none.pcap: No such file or directory", e.Message);
    }

    [Fact]
    public void DamagedHeaderNamesTheOffset()
    {
        string path = Path.Combine(_dir, "bad.pcapng");
        byte[] file = File.ReadAllBytes(MakePcap("good.pcapng", CaptureFileFormat.PcapNg, 1));
        file[4] = 3; // SHB length 3
        file[5] = file[6] = file[7] = 0;
        File.WriteAllBytes(path, file);
        var e = Assert.Throws<CommandException>(() => new Commands.ReadCommand().Run([path]));
        Assert.EndsWith("bad.pcapng: bad pcapng block length 3 at offset 0", e.Message);
    }

    /// <summary>An Ethernet ARP request (42 bytes) as tcpdump prints it: "ARP, Request who-has 192.168.0.2 tell 192.168.0.1, length 28".</summary>
    private static readonly byte[] ArpRequest = Convert.FromHexString(
        "ffffffffffff0200000000010806" + "0001080006040001020000000001c0a80001000000000000c0a80002");

    /// <summary>A little-endian microsecond pcap file written byte by byte, so records can lie about their lengths.</summary>
    private string RawPcap(string name, uint snapLength, params (uint Seconds, uint CapturedLength, uint OriginalLength, byte[] Data)[] records)
    {
        var bytes = new List<byte>();
        void U32(uint v) => bytes.AddRange(BitConverter.GetBytes(v));
        U32(0xA1B2C3D4);
        bytes.AddRange([2, 0, 4, 0]);
        U32(0);
        U32(0);
        U32(snapLength);
        U32(1);
        foreach ((uint seconds, uint captured, uint original, byte[] data) in records)
        {
            U32(seconds);
            U32(5);
            U32(captured);
            U32(original);
            bytes.AddRange(data);
        }
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    [Fact]
    public void RecordsWithImpossibleLengthsPrintTcpdumpsInvalidHeaderLine()
    {
        // As tcpdump 4.99.3 prints them (corpus icmp6_mobileprefix_asan ends with the first kind):
        // no timestamp, no decoding, no dump; the -# number still comes first.
        string path = RawPcap("invalid.pcap", 262144,
            (1, 42, 42, ArpRequest), (2, 0, 0, []), (3, 0, 60, []), (4, 10, 0, ArpRequest[..10]), (5, 42, 10, ArpRequest), (6, 42, 42, ArpRequest));
        var options = new DisplayOptions { Timestamps = TimestampStyle.Epoch, Numeric = 2, PacketNumbers = true, Dump = DumpStyle.Hex };
        string[] lines = ReadPipeline.PrintToString(path, options).TrimEnd('\n').Split('\n');
        string[] headlines = [.. lines.Where(l => !l.StartsWith('\t'))];
        Assert.Equal(
        [
            "    1  1.000005 ARP, Request who-has 192.168.0.2 tell 192.168.0.1, length 28",
            "    2  [Invalid header: caplen==0, len==0]",
            "    3  [Invalid header: caplen==0]",
            "    4  [Invalid header: len==0]",
            "    5  [Invalid header: len(10) < caplen(42)]",
            "    6  6.000005 ARP, Request who-has 192.168.0.2 tell 192.168.0.1, length 28",
        ], headlines);
        Assert.Equal(2 * 2, lines.Length - headlines.Length);
    }

    [Fact]
    public void RecordsLongerThanTheSnapshotLengthAreCutToIt()
    {
        // libpcap hands tcpdump only snaplen bytes of such a classic pcap record (corpus
        // rpl-dao-oobr: its ICMPv6 checksum is not verified with -v because the cut packet is
        // incomplete). The library's reader keeps the bytes; the read command cuts.
        string path = RawPcap("cut.pcap", 30, (1, 42, 42, ArpRequest), (2, 42, 0, ArpRequest), (3, 20, 42, ArpRequest[..20]));
        var options = new DisplayOptions { Timestamps = TimestampStyle.Epoch, Numeric = 2, Dump = DumpStyle.Hex };
        string text = ReadPipeline.PrintToString(path, options);
        // The cut ARP is truncated: tcpdump prints " [|arp]" and dumps from the first byte.
        Assert.StartsWith("1.000005  [|arp]\n\t0x0000:  ffff ffff ffff 0200 0000 0001 0806 0001\n", text);
        Assert.Contains("\t0x0010:  0800 0604 0001 0200 0000 0001 c0a8\n", text);
        Assert.DoesNotContain("c0a8 0002", text);
        Assert.Contains("\n[Invalid header: len==0]\n", text);
        // -w writes the cut records, as tcpdump -r F -w OUT does.
        string written = Path.Combine(_dir, "cut-out.pcap");
        Assert.Equal(0, new Commands.ReadCommand().Run([path, "-w", written]));
        using var reader = CaptureFileReader.Open(written);
        var lengths = new List<int>();
        while (reader.TryRead(out CaptureRecord record)) lengths.Add(record.Data.Length);
        Assert.Equal([30, 30, 20], lengths);
    }

    [CorpusFact]
    public void CutRecordEndsRplOptionsWithTheTruncationMarker()
    {
        // rpl-dao-oobr.pcap's record is longer than its 95-byte snaplen: cut, its last RPL option
        // runs past the capture (tcpdump -nn -tt -vvv prints exactly this).
        string capture = Corpus.CoreCaptures().First(p => p.EndsWith("rpl-dao-oobr.pcap", StringComparison.Ordinal));
        string text = ReadPipeline.PrintToString(capture, new DisplayOptions { Timestamps = TimestampStyle.Epoch, Numeric = 2, Verbosity = 3 });
        Assert.EndsWith("opt:subopt:128 len:15  0x0000:  0d0d 0d0d 0000 0080 0d0d 0d0d 0d opt:subopt:13 len:15  0x0000:  0d0d 0d0d 0d0d 8d0d 0d0d 0d64 0d [|icmp6]\n", text);
    }

    [Fact]
    public void NoFileIsUsage() => Assert.Throws<UsageException>(() => new Commands.ReadCommand().Run(["-nn"]));
}
