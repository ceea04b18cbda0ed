using SockScope.Filter;
using SockScope.Wire;
using SockScope.Wire.Dns;
using SockScope.Wire.Decoding;
using SockScope.Wire.Formatting;

namespace SockScope.Files.Tests.Fuzzing;

/// <summary>
/// What the fuzzer drives. A packet goes through the tcpdump printer with every combination of
/// display flags, the decoder, the JSON formatter, the hex dumps, a few compiled filters and the
/// DNS section readers (on the innermost payload); a file goes through the format-detecting
/// reader and the printer. Any exception from a packet target is a bug; from a file, anything but
/// <see cref="CaptureFileException"/> is.
/// </summary>
internal sealed class FuzzTargets : IDisposable
{
    private const int MaxRecordsPerFile = 5000;

    private readonly Utf8Builder _output = new(1 << 16);
    private readonly TcpdumpPrinter[] _printers;
    // Whole lines: each dump style, from the link header or after it (where a fuzzed link header says it ends).
    private readonly TcpdumpLineWriter[] _lineWriters;
    private readonly TcpdumpPrinter _filePrinter;
    private readonly (LinkType Link, BpfProgram Program)[] _filters;
    private readonly JsonPacketFormatter _json = new();
    private DecodedPacket _decoded;
    private readonly AnalysisFuzzTargets _analysis = new();

    /// <summary>An extra packet target (the fuzzer's self-check plants a bug here).</summary>
    public PacketTarget? Extra { get; init; }

    public delegate void PacketTarget(LinkType linkType, ReadOnlySpan<byte> data, int originalLength);

    public FuzzTargets()
    {
        var printers = new List<TcpdumpPrinter>();
        for (int verbosity = 0; verbosity <= 3; verbosity++)
            foreach (bool numeric in new[] { false, true })
                foreach (bool link in new[] { false, true })
                    foreach (bool quiet in new[] { false, true })
                        printers.Add(new TcpdumpPrinter(_output, new FormatOptions { Verbosity = verbosity, NumericPorts = numeric, LinkHeader = link, Quiet = quiet }));
        _printers = [.. printers];
        _filePrinter = new TcpdumpPrinter(_output, new FormatOptions { Verbosity = 1, LinkHeader = true });
        _lineWriters = [.. Enum.GetValues<DumpStyle>().Select((dump, i) => new TcpdumpLineWriter(_output, new TcpdumpLineOptions
        {
            Format = new FormatOptions { Verbosity = 1 },
            Timestamps = TimestampStyle.DeltaFromPrevious,
            PacketNumbers = true,
            Dump = dump,
            DumpLinkHeader = i % 2 == 1,
        }))];
        string[] expressions = ["tcp port 80 or udp port 53", "ip6 and icmp6", "vlan and ip", "tcp[tcpflags] & tcp-syn != 0", "ip[6:2] & 0x1fff = 0", "arp or (ip and len > 100)"];
        var filters = new List<(LinkType, BpfProgram)>();
        foreach (LinkType link in new[] { LinkType.Ethernet, LinkType.Raw, LinkType.LinuxSll, LinkType.Null })
            foreach (string expression in expressions)
            {
                try { filters.Add((link, FilterCompiler.Compile(expression, link))); }
                catch (FilterSyntaxException) { }
                catch (ArgumentException) { }
            }
        _filters = [.. filters];
    }

    /// <summary>Every packet target on one packet; throws what they throw.</summary>
    public void RunPacket(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        foreach (TcpdumpPrinter printer in _printers)
        {
            _output.Clear();
            printer.PrintPacket(linkType, data, originalLength);
        }
        _output.Clear();
        PacketDecoder.DecodeInto(linkType, data, ref _decoded);
        _json.Format(_output, linkType, data, originalLength, 1_418_145_369_924_505_000, 1);
        foreach (TcpdumpLineWriter writer in _lineWriters)
        {
            _output.Clear();
            writer.Write(linkType, data, originalLength, 1_418_145_369_924_505_000, 1);
        }
        _output.Clear();
        HexDump.WriteHex(_output, data);
        HexDump.WriteHexAndAscii(_output, data, 16);
        HexDump.WriteAscii(_output, data);
        foreach ((LinkType link, BpfProgram program) in _filters)
            if (link == linkType) program.Matches(data, originalLength);
        if (_decoded.TryFind(LayerKind.Payload, out Layer payload)) ReadDnsSections(payload.HeaderOf(data));
        _analysis.Run(linkType, data, originalLength);
        Extra?.Invoke(linkType, data, originalLength);
    }

    /// <summary>Every question and record of <paramref name="message"/> read as DNS, with its owner name written out (the printer walks names on its own).</summary>
    private void ReadDnsSections(ReadOnlySpan<byte> message)
    {
        if (!DnsMessage.TryCreate(message, out DnsMessage dns, out _)) return;
        DnsSectionReader<DnsQuestion> questions = dns.Questions;
        while (questions.TryRead(out DnsQuestion question))
        {
            _output.Clear();
            DnsName.Write(message, question.NameOffset, _output, out _);
        }
        DnsSectionReader<DnsResourceRecord> records = dns.Records;
        while (records.TryRead(out DnsResourceRecord record))
        {
            _output.Clear();
            DnsName.Write(message, record.NameOffset, _output, out _);
        }
        dns.TryGetExtendedResponseCode(out _);
        _output.Clear();
    }

    /// <summary>Reads a whole file and prints its records. Returns the record count; CaptureFileException is the only allowed failure.</summary>
    public int RunFile(byte[] file)
    {
        int records = 0;
        try
        {
            using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file, writable: false));
            _ = reader.LinkType;
            _ = reader.SnapLength;
            while (records < MaxRecordsPerFile && reader.TryRead(out CaptureRecord record))
            {
                records++;
                if (record.Data.Length > 256 * 1024 * 64) throw new InvalidOperationException("implausible record length");
                _output.Clear();
                _filePrinter.PrintPacket(record.LinkType, record.Data, record.OriginalLength);
                _output.Clear();
                _json.Format(_output, record.LinkType, record.Data, record.OriginalLength, record.TimestampNanoseconds, records);
            }
        }
        catch (CaptureFileException)
        {
        }
        return records;
    }

    public void Dispose() => _output.Dispose();
}
