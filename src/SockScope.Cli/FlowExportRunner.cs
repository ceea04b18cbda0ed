using SockScope.Files;
using SockScope.Filter;
using SockScope.Net;
using SockScope.Net.Capture;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>
/// `--export-only`: a probe that only exports flow records (no conn.log, no packet lines), from a
/// capture file or a live interface. Ends at the end of the file, after -c packets or on
/// Ctrl-C/SIGTERM, exports every flow still held, and reports the export counters on stderr.
/// </summary>
internal static class FlowExportRunner
{
    /// <summary>Runs the export of <paramref name="file"/> or of a live capture on <paramref name="iface"/>; returns the exit code.</summary>
    public static int Run(string? file, string? iface, string expression, long count, FlowExportOptions options, string command)
    {
        using var exporter = new FlowExportPipeline(options);
        using var stop = new StopSignals();
        try
        {
            if (iface is not null) RunLive(exporter, iface, expression, count, () => stop.Requested);
            else RunFile(exporter, file!, expression, count, () => stop.Requested, command);
        }
        finally
        {
            exporter.Finish();
            exporter.WriteCounters(Console.Error);
        }
        return CommandRunner.Success;
    }

    private static void RunFile(FlowExportPipeline exporter, string file, string expression, long count, Func<bool> stop, string command)
    {
        using (CaptureFileReader capture = CaptureFileArgument.Open(file))
        {
            CaptureFileArgument.WriteReadingFrom(file, capture);
            IPacketFilter? filter = PacketFilterAdapter.Compile(expression, capture.LinkType, capture.SnapLength);
            try
            {
                exporter.RunFile(capture, filter, count, stop);
            }
            catch (CaptureFileException e)
            {
                throw new CommandException($"{file}: {e.Message}");
            }
            foreach (string warning in capture.Warnings) Console.Error.WriteLine($"sockscope {command}: warning: {file}: {warning}");
        }
    }

    private static void RunLive(FlowExportPipeline exporter, string iface, string expression, long count, Func<bool> stop)
    {
        InterruptSignal.EnsureDeliverable();
        IReadOnlyList<NetworkInterfaceInfo> interfaces = NetworkInterfaces.List(withAddresses: false);
        LinkType linkType = LiveCaptureSetup.LinkTypeFor(iface, interfaces);
        BpfProgram? program = LiveCaptureSetup.CompileFilter(expression, linkType);
        using (ILiveCapture capture = LiveCaptureSetup.Open(new CaptureOptions { Interface = iface }, program))
        {
            LiveCaptureSetup.WriteListening(capture);
            var sink = new Sink { Exporter = exporter, LinkType = capture.LinkType, Frames = new FrameLimit(count) };
            try
            {
                while (!sink.Done && !stop())
                {
                    capture.Dispatch(ref sink, TimeSpan.FromMilliseconds(100));
                    exporter.Tick();
                }
            }
            catch (NetOperationException e)
            {
                throw new CommandException(e.Message);
            }
            CaptureStatistics stats = capture.ReadStatistics();
            exporter.CaptureDrops = stats.DroppedByKernel;
            FrameLimit.WriteCounters(sink.Frames.Count, stats);
        }
    }

    private struct Sink : ICaptureHandler
    {
        public FlowExportPipeline Exporter;
        public LinkType LinkType;
        public FrameLimit Frames;

        public readonly bool Done => Frames.Done;

        public bool OnFrame(in CapturedFrame frame)
        {
            bool more = Frames.Take();
            Exporter.OnFrame(LinkType, frame.Data, frame.OriginalLength, frame.TimestampNanoseconds);
            return more;
        }
    }
}
