using SockScope.Files;
using SockScope.Wire.Formatting;

namespace SockScope.Cli;

/// <summary>
/// The body of `sockscope read`, callable in-process (the corpus harness and the fuzzer use it):
/// every record of a reader goes through the filter, then to the printer or to a writer.
/// Text accumulates in one builder and reaches the stream in large writes.
/// </summary>
internal static class ReadPipeline
{
    private const int FlushThreshold = 256 * 1024;

    /// <summary>
    /// Prints (or, with <paramref name="writer"/>, copies) the packets of <paramref name="reader"/>.
    /// Returns how many packets matched. Stops early when <paramref name="stopRequested"/> says so
    /// or after <see cref="DisplayOptions.Count"/> packets. With <paramref name="export"/>, each
    /// matching packet is also counted for flow export; every matching packet also goes to
    /// <paramref name="statistics"/> (`read -z`), whose blocks the caller prints at the end.
    /// Throws <see cref="CaptureFileException"/> for a damaged file after writing out what came
    /// before the damage.
    /// </summary>
    public static long Run(CaptureFileReader reader, DisplayOptions options, IPacketFilter? filter, Stream output,
        CaptureFileWriter? writer = null, Func<bool>? stopRequested = null, bool containDecoderFaults = false, TimeZoneInfo? zone = null,
        FlowExportPipeline? export = null, Analysis.Statistics.StatisticsSession? statistics = null)
    {
        using var text = new Utf8Builder(FlushThreshold + 64 * 1024);
        var printer = new PacketPrinter(text, options, zone, containDecoderFaults);
        long matched = 0;
        var interfaceMap = new InterfaceMap(writer);
        int cut = SnapshotCut.For(reader);
        var processes = new CommentedProcesses();
        try
        {
            while (reader.TryRead(out CaptureRecord record))
            {
                ReadOnlySpan<byte> data = SnapshotCut.Apply(record.Data, cut);
                if (filter is not null && !filter.Matches(data, record.OriginalLength)) continue;
                matched++;
                export?.OnFrame(record.LinkType, data, record.OriginalLength, record.TimestampNanoseconds);
                statistics?.Add(record.LinkType, data, record.OriginalLength, TsharkTimestamp.Of(record));
                // ptcpdump's (and our) packet comments name the process: shown again, and kept in a pcapng copy.
                IReadOnlyList<string> comments = record.HasOptions ? record.ReadComments() : [];
                if (writer is not null)
                    writer.Write(data, record.TimestampNanoseconds, record.OriginalLength, interfaceMap.OutputId(reader, record), processes.Comments(comments));
                else printer.Print(record.LinkType, data, record.OriginalLength, record.TimestampNanoseconds, matched,
                    record.InvalidFraction, record.InvalidFractionInNanoseconds, processes.Process(comments));
                if (text.Length >= FlushThreshold) text.WriteTo(output);
                else if (options.LineBuffered && text.Length > 0)
                {
                    text.WriteTo(output);
                    output.Flush();
                }
                if (options.Count > 0 && matched >= options.Count) break;
                if (stopRequested is not null && stopRequested()) break;
            }
        }
        finally
        {
            if (text.Length > 0) text.WriteTo(output);
            output.Flush();
        }
        return matched;
    }

    /// <summary>Prints a whole file to text (tests, the corpus harness).</summary>
    public static string PrintToString(string path, DisplayOptions options, TimeZoneInfo? zone = null)
    {
        using var reader = CaptureFileReader.Open(path);
        var output = new MemoryStream();
        Run(reader, options, null, output, zone: zone ?? TimeZoneInfo.Utc);
        return System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>Parses each distinct comment set once, so a flow's packets share one process and one encoding.</summary>
    private sealed class CommentedProcesses
    {
        private IReadOnlyList<string> _last = [];
        private Net.Attribution.ProcessInfo? _process;
        private PacketComments? _comments;

        public Net.Attribution.ProcessInfo? Process(IReadOnlyList<string> comments)
        {
            if (comments.Count == 0) return null;
            if (!Same(comments)) Reset(comments);
            return _process ??= Net.Attribution.PtcpdumpFormat.Parse(comments);
        }

        public PacketComments? Comments(IReadOnlyList<string> comments)
        {
            if (comments.Count == 0) return null;
            if (!Same(comments)) Reset(comments);
            return _comments ??= new PacketComments(comments);
        }

        private bool Same(IReadOnlyList<string> comments) => comments.SequenceEqual(_last, StringComparer.Ordinal);

        private void Reset(IReadOnlyList<string> comments)
        {
            _last = comments;
            _process = null;
            _comments = null;
        }
    }

    /// <summary>
    /// Carries pcapng interfaces over to a pcapng output (each keeps its link type); a pcap output
    /// has one interface, so every packet goes to it.
    /// </summary>
    private sealed class InterfaceMap
    {
        private readonly CaptureFileWriter? _writer;
        private readonly Dictionary<(int Id, Wire.LinkType Link), int> _ids = [];

        public InterfaceMap(CaptureFileWriter? writer)
        {
            _writer = writer;
            // The writer starts with interface 0 of the input's first link type.
            if (writer is not null) _ids[(0, writer.LinkType)] = 0;
        }

        public int OutputId(CaptureFileReader reader, in CaptureRecord record)
        {
            if (_writer is null || _writer.Format != CaptureFileFormat.PcapNg) return 0;
            if (_ids.TryGetValue((record.InterfaceId, record.LinkType), out int id)) return id;
            string? name = record.InterfaceId < reader.Interfaces.Count ? reader.Interfaces[record.InterfaceId].Name : null;
            id = _writer.AddInterface(record.LinkType, reader.SnapLength, name);
            _ids[(record.InterfaceId, record.LinkType)] = id;
            return id;
        }
    }
}
