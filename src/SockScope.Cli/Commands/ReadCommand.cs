using System.Runtime.InteropServices;
using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope read FILE [EXPRESSION]`: tcpdump -r, plus --json and pcap/pcapng conversion with -w.</summary>
internal sealed class ReadCommand : ICommand
{
    public string Name => "read";
    public string Summary => "read a pcap or pcapng file: print, filter, convert (-w)";
    public string Help =>
        "usage: sockscope read [options] FILE [EXPRESSION]\n" +
        "       sockscope read -r FILE [options] [EXPRESSION]\n\n" +
        "Prints the packets of a pcap or pcapng file (either byte order, micro- or nanosecond) the way\n" +
        "tcpdump -r does, optionally only those matching a pcap-filter EXPRESSION (\"tcp port 53\").\n" +
        "FILE '-' reads standard input. The line 'reading from file F, link-type ..., snapshot length N'\n" +
        "goes to standard error.\n\n" +
        "options:\n" +
        "  -r FILE       the file to read (same as the positional FILE)\n" +
        "  -F FILE       read the filter expression from FILE (# starts a comment); no EXPRESSION then\n" +
        "  -w OUT        write the matching packets to OUT instead of printing them: pcapng when OUT ends\n" +
        "                in .pcapng, pcap otherwise (nanosecond pcap with --nano); '-' writes to stdout\n" +
        "  -z SPEC       after the packets, print tshark's statistics block SPEC (repeatable; conv,tcp\n" +
        "                endpoints,ip io,stat,1 io,phs follow,tcp,ascii,0 ...: see `sockscope stats --help`)\n" +
        DisplayOptions.HelpText + "\n" +
        FlowExportOptions.HelpText +
        "examples:\n" +
        "  sockscope read capture.pcap --export ipfix://127.0.0.1:4739 --export-only\n" +
        "  sockscope read capture.pcap --export netflow9://10.0.0.5:2055 --export ipfix+tcp://10.0.0.6:4739 -nn\n" +
        "  sockscope read capture.pcap tcp -z conv,tcp -z io,phs     (packets, then the two blocks)\n" +
        "\nexit codes: 0 success; 1 missing or damaged file (the message names the byte offset); 2 bad usage.\n" +
        "A file that ends inside its last record is read up to there, with a warning on standard error.\n";

    public int Run(string[] args)
    {
        var options = new DisplayOptions();
        var reader = new ArgReader(args);
        string? file = null;
        string? writePath = null;
        string? filterFile = null;
        var export = new FlowExportOptions();
        var specs = new List<string>();
        while (reader.TryNext(out string option))
        {
            if (options.TryApply(option, reader)) continue;
            if (export.TryApply(option, reader)) continue;
            switch (option)
            {
                case "r": file = reader.Value(); break;
                case "w": writePath = reader.Value(); break;
                case "F": filterFile = reader.Value(); break;
                case "z": specs.Add(reader.Value()); break;
                default: throw reader.Unknown();
            }
        }
        List<string> words = [.. reader.Positionals];
        if (file is null)
        {
            if (words.Count == 0) throw new UsageException("no file given (usage: sockscope read FILE [EXPRESSION])");
            file = words[0];
            words.RemoveAt(0);
        }
        string expression = FilterExpressionSource.Resolve(filterFile, words);
        if (options.Json && writePath is not null)
            throw new UsageException("--json and -w cannot be combined");
        export.Validate();
        if (export.ExportOnly && writePath is not null)
            throw new UsageException("--export-only prints nothing and writes nothing: drop -w or --export-only");

        using CaptureFileReader capture = CaptureFileArgument.Open(file);
        CaptureFileArgument.WriteReadingFrom(file, capture);
        IPacketFilter? filter = PacketFilterAdapter.Compile(expression, capture.LinkType, capture.SnapLength);

        Analysis.Statistics.StatisticsSession? statistics = specs.Count == 0 ? null : StatisticsSpecs.Create(specs, capture.LinkType);
        using var stop = new StopSignal();
        using FlowExportPipeline? exporter = export.Enabled ? new FlowExportPipeline(export) : null;
        if (exporter is not null && export.ExportOnly)
        {
            try
            {
                exporter.RunFile(capture, filter, options.Count, stop.IsRequested);
            }
            catch (CaptureFileException e)
            {
                FinishExport(exporter);
                throw new CommandException($"{file}: {e.Message}");
            }
            FinishExport(exporter);
            foreach (string warning in capture.Warnings)
                Console.Error.WriteLine($"sockscope read: warning: {file}: {warning}");
            return CommandRunner.Success;
        }
        using var stdout = new ClosedPipeGuardStream(Console.OpenStandardOutput());
        CaptureFileWriter? writer = null;
        try
        {
            if (writePath is not null)
            {
                CaptureFileFormat format = CaptureFileFormats.FromPath(writePath, options.Nanoseconds);
                writer = writePath == "-"
                    ? CaptureFileWriter.Create(stdout, format, capture.LinkType, capture.SnapLength, leaveOpen: true)
                    : CaptureFileWriter.Create(writePath, format, capture.LinkType, capture.SnapLength);
            }
            ReadPipeline.Run(capture, options, filter, writePath == "-" ? Stream.Null : stdout, writer, () => stop.IsRequested() || stdout.IsClosed,
                containDecoderFaults: true, export: exporter, statistics: statistics);
        }
        catch (CaptureFileException e)
        {
            if (statistics is not null && writePath != "-") StatisticsSpecs.Print(statistics, stdout);
            throw new CommandException($"{file}: {e.Message}");
        }
        finally
        {
            writer?.Dispose();
            if (exporter is not null) FinishExport(exporter);
        }
        // Blocks go where the packets went; with -w - the packets own stdout, so the blocks go to stderr.
        if (statistics is not null)
        {
            if (writePath == "-") StatisticsSpecs.Print(statistics, Console.OpenStandardError());
            else StatisticsSpecs.Print(statistics, stdout);
        }
        foreach (string warning in capture.Warnings)
            Console.Error.WriteLine($"sockscope read: warning: {file}: {warning}");
        return CommandRunner.Success;
    }

    /// <summary>Exports the flows still held (the file has ended) and reports the export counters on stderr.</summary>
    private static void FinishExport(FlowExportPipeline exporter)
    {
        exporter.Finish();
        exporter.WriteCounters(Console.Error);
    }

    /// <summary>Ctrl-C and SIGTERM ask the loop to stop, so that buffered output is flushed before exit.</summary>
    private sealed class StopSignal : IDisposable
    {
        private volatile bool _requested;
        private readonly PosixSignalRegistration? _terminate;

        public StopSignal()
        {
            Console.CancelKeyPress += OnCancel;
            if (!OperatingSystem.IsWindows())
                _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    _requested = true;
                });
        }

        public bool IsRequested() => _requested;

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            _requested = true;
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            _terminate?.Dispose();
        }
    }
}
