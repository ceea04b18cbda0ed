using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SockScope.Filter;
using SockScope.Net;
using SockScope.Net.Attribution;
using SockScope.Net.Capture;
using SockScope.Wire;
using SockScope.Wire.Formatting;

namespace SockScope.Cli.Commands;

/// <summary>
/// `sockscope capture`: live capture with tcpdump's flags, printed like `read` prints or written
/// to pcap/pcapng (-w) with rotation. The kernel filters (SO_ATTACH_FILTER), the ring is read
/// block by block without copying, and the closing report gives tcpdump's three counters.
/// </summary>
internal sealed class CaptureCommand : ICommand
{
    private const int OutputFlushThreshold = 256 * 1024;
    private const int DefaultRingKiB = 4096;

    public string Name => "capture";
    public string Summary => "live capture on an interface (print or -w FILE)";
    public string Help => """
        usage: sockscope capture [-i IFACE|any] [options] [EXPRESSION] [-- COMMAND [ARGS...]]

        Captures live traffic through a packet socket and a memory-mapped TPACKET_V3 ring (Linux),
        or SIO_RCVALL (Windows), keeping the packets that match the pcap-filter EXPRESSION (run in
        the kernel). Prints them as tcpdump does, or writes them with -w. Ends after -c packets or
        on Ctrl-C / SIGTERM, every record flushed, then reports on stderr how many packets were
        captured, received by the filter and dropped by the kernel (`kill -USR1 PID` prints the
        same counters while it runs). Needs CAP_NET_RAW (root, or
        `setcap cap_net_raw,cap_net_admin+eip` on the executable).

        capture options:
          -i IFACE       interface to capture on (a name, or a number from -D); `any` captures on
                         all (Linux cooked headers, LINUX_SLL2). Default: the first interface
                         that is up and not loopback
          -D             list the interfaces a capture can use, as tcpdump -D, and exit
          -s N           snap length: bytes kept of each packet (default 262144)
          -p             do not put the interface in promiscuous mode
          -Q, --direction in|out|inout
                         direction of the packets to keep (default inout)
          -B KIB         size of the kernel ring buffer in KiB (default 4096)
          --ring-block KIB  size of one ring block (default 128, fewer if the ring is small);
                         a block is what the kernel hands over at once
          -w FILE        write packets to FILE (`-` for stdout): pcapng when FILE ends in .pcapng
                         (interface name and drop counts recorded), pcap otherwise (nanosecond
                         pcap with --nano or --time-stamp-precision=nano, as tcpdump)
          -U             packet-buffered output: each packet reaches the file as it is captured
          -C MB          with -w: start a new file when the current one passes MB million bytes
                         (FILE, FILE1, FILE2 ...)
          -G SEC         with -w: start a new file every SEC seconds; FILE may hold strftime
                         conversions (%Y%m%d-%H%M%S)
          -W N           with -C: keep at most N files, reusing FILE0..FILE{N-1};
                         with -G alone: stop after N files
          -Z USER        after opening the capture, drop root and run as USER
          -z COMMAND     with -C or -G: run `COMMAND FILE` on each file rotation has closed
                         (`-z gzip`, or a script), without waiting for it; as USER with -Z
          -z SPEC        a tshark statistics block printed after the capture ends (repeatable):
                         conv,TYPE endpoints,TYPE io,stat,... io,phs follow,... (see `sockscope
                         stats --help`). -z takes a SPEC when its value starts with conv, endpoints,
                         io or follow and a comma; any other value is the rotation COMMAND
          --print        print packets even when writing them with -w
          -F FILE        read the filter expression from FILE (# starts a comment); no
                         expression may follow on the command line then
          --immediate    hand each packet over at once (1 ms ring block timeout instead of 10 ms)
          --fanout ID[:MODE]  join fanout group ID with other readers; MODE hash (default), lb,
                         cpu, rollover, random
          --raw-ip PROTO, --raw-ip6 PROTO
                         capture through a raw IP socket instead of a packet socket: the IPv4
                         (or IPv6) datagrams of one protocol (icmp, igmp, tcp, udp, icmp6, gre,
                         esp, ah, sctp or a number) that reach this host, on every interface, as
                         link-type RAW; for hosts where packet sockets are not allowed. No kernel
                         drop counters on this path; not with -i, -p, -Q, -B or --fanout
          -v             with -w: report the packet count on stderr once a second

        """ + CaptureProcessOptions.HelpText + """
        display options (as `sockscope read`):

        """ + DisplayOptions.HelpText + "\n" + FlowExportOptions.HelpText + """

        examples:
          sockscope capture -i eth0 -nn -c 10 tcp port 443
          sockscope capture -i any -w /tmp/all.pcapng -C 100 -W 5
          sockscope capture -i eth0 -Q in -w - icmp | tshark -r -
          sockscope capture -i eth0 --export ipfix://10.0.0.5:4739 --export-only
          sockscope capture -i any --process -v -w /tmp/who.pcapng
          sockscope capture -i any --pid 1234 --comm curl
          sockscope capture -i any -w /tmp/curl.pcapng -- curl -s http://10.0.0.1/

        """;

    private sealed class Arguments
    {
        public string? Interface;
        public int SnapLength = CaptureOptions.DefaultSnapLength;
        public bool Promiscuous = true;
        public CaptureDirection Direction = CaptureDirection.InOut;
        public int RingKiB = DefaultRingKiB;
        public int BlockKiB;
        public string? WritePath;
        public bool PacketBuffered;
        public long FileSizeBytes;
        public int RotateSeconds;
        public int MaxFiles;
        public string? User;
        public bool Print;
        public bool Immediate;
        public ushort? FanoutGroup;
        public FanoutMode FanoutMode = FanoutMode.Hash;
        public bool ListDevices;
        public int? RawIpProtocol;
        public bool RawIp6;
        public DisplayOptions Display = new();
        public string Expression = "";
        public string? FilterFile;
        public string? PostRotateCommand;
        public FlowExportOptions Export = new();
        public List<string> StatisticsSpecs = [];
        public CaptureProcessOptions Process = new();
    }

    public int Run(string[] args)
    {
        Arguments a = Parse(args);
        // Started in the background by a shell, SIGINT arrives ignored: make it reach us (as tcpdump does).
        InterruptSignal.EnsureDeliverable();
        // Names, flags and link types are all a capture needs: addresses cost most of the listing.
        IReadOnlyList<NetworkInterfaceInfo> interfaces = NetworkInterfaces.List(withAddresses: a.ListDevices);
        if (a.ListDevices)
        {
            Console.Out.Write(InterfacesCommand.DeviceList(interfaces));
            return CommandRunner.Success;
        }
        if (a.RawIpProtocol is int protocol)
            return CaptureRawIp(a, protocol);
        string iface = a.Interface ?? NetworkInterfaces.DefaultCaptureInterface(interfaces)?.Name
            ?? throw new CommandException("no interface is up to capture on (use -i IFACE or -i any)");
        if (int.TryParse(iface, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && interfaces.All(i => i.Name != iface))
        {
            // tcpdump's -i N: the Nth device of -D.
            List<string> names = InterfacesCommand.DeviceNames(interfaces);
            if (number < 1 || number > names.Count)
                throw new CommandException($"interface number {number} is out of range: -D lists {names.Count}");
            iface = names[number - 1];
        }
        LinkType linkType = LiveCaptureSetup.LinkTypeFor(iface, interfaces);
        BpfProgram? program = LiveCaptureSetup.CompileFilter(a.Expression, linkType, a.SnapLength);

        var options = new CaptureOptions
        {
            Interface = iface,
            SnapLength = a.SnapLength,
            Promiscuous = a.Promiscuous,
            Direction = a.Direction,
            RingBytes = (int)Math.Min(int.MaxValue, a.RingKiB * 1024L),
            BlockBytes = a.BlockKiB * 1024,
            BlockTimeout = TimeSpan.FromMilliseconds(a.Immediate ? 1 : 10),
            FanoutGroup = a.FanoutGroup,
            FanoutMode = a.FanoutMode,
        };
        return RunOpened(LiveCaptureSetup.Open(options, program), a);
    }

    /// <summary>
    /// Runs an opened capture (packet ring or raw IP socket) to its end and closes it: attribution
    /// starts first, while we still have the privileges it needs, then -Z drops them, then the loop.
    /// </summary>
    private static int RunOpened(ILiveCapture capture, Arguments a)
    {
        using (capture)
        {
            ProcessCapture? processes = StartProcesses(a);
            DropPrivileges(a);
            return Capture(capture, a, processes);
        }
    }

    /// <summary>-Z USER: after the socket is open, as tcpdump does.</summary>
    private static void DropPrivileges(Arguments a)
    {
        // With `-- COMMAND`, -Z names the user the command runs as; the capture keeps root to remove the command's cgroup.
        if (a.User is null || a.Process.Run is not null) return;
        try { PrivilegeDrop.SwitchTo(a.User); }
        catch (NetOperationException e) { throw new CommandException(e.Message); }
    }

    /// <summary>--raw-ip: one protocol's datagrams through socket(AF_INET[6], SOCK_RAW, protocol).</summary>
    private static int CaptureRawIp(Arguments a, int protocol)
    {
        BpfProgram? program = LiveCaptureSetup.CompileFilter(a.Expression, LinkType.Raw, a.SnapLength);
        RawIpCapture capture;
        try
        {
            capture = RawIpCapture.Open(a.RawIp6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, (ProtocolType)protocol, a.SnapLength);
            if (program is not null) capture.SetFilter(program);
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        return RunOpened(capture, a);
    }

    /// <summary>--process and friends: attribution starts while we still have the privileges it needs (before -Z).</summary>
    private static ProcessCapture? StartProcesses(Arguments a)
    {
        if (!a.Process.Enabled) return null;
        bool writesFile = a.WritePath is not null;
        bool pcapng = writesFile && a.WritePath != "-" && Files.CaptureFileFormats.FromPath(a.WritePath!, a.Display.Nanoseconds) == Files.CaptureFileFormat.PcapNg;
        return a.Process.Start(a.User, pcapng, writesFile);
    }

    private static int Capture(ILiveCapture capture, Arguments a, ProcessCapture? processes)
    {
        CaptureFileRotation? files = null;
        Stream? stdout = null;
        Utf8Builder? text = null;
        FlowExportPipeline? export = null;
        try
        {
            if (a.Export.Enabled) export = new FlowExportPipeline(a.Export);
            if (a.WritePath is not null)
            {
                files = new CaptureFileRotation(a.WritePath, capture.LinkType, capture.SnapLength, capture.InterfaceName,
                    a.FileSizeBytes, a.RotateSeconds, a.MaxFiles, a.PacketBuffered, nanoseconds: a.Display.Nanoseconds)
                {
                    Rotated = a.PostRotateCommand is null ? null : file => RunPostRotate(a.PostRotateCommand, file),
                };
                files.Open();
            }
            bool printing = !a.Export.ExportOnly && (a.WritePath is null || (a.Print && a.WritePath != "-"));
            if (printing)
            {
                stdout = Console.OpenStandardOutput();
                text = new Utf8Builder(OutputFlushThreshold + 64 * 1024);
            }
            var sink = new FrameSink
            {
                Processes = processes,
                Files = files,
                Printer = text is null ? null : new PacketPrinter(text, a.Display),
                Export = export,
                LinkType = capture.LinkType,
                Frames = new FrameLimit(a.Display.Count),
                Statistics = a.StatisticsSpecs.Count == 0 ? null : Cli.StatisticsSpecs.Create(a.StatisticsSpecs, capture.LinkType),
            };

            if (!a.Display.Json)
            {
                if (printing && a.Display.Verbosity == 0)
                    Console.Error.WriteLine("sockscope: verbose output suppressed, use -v[v]... for full protocol decode");
                Console.Error.WriteLine($"sockscope: listening on {capture.InterfaceName}, link-type {LinkTypeNames.Name(capture.LinkType)} " +
                    $"({LinkTypeNames.Description(capture.LinkType)}), snapshot length {capture.SnapLength} bytes");
            }

            using var stop = new StopSignals();
            // As tcpdump on Linux: SIGUSR1 prints the counters so far and the capture goes on.
            int statisticsRequested = 0;
            using PosixSignalRegistration? sigusr1 = OperatingSystem.IsWindows() ? null
                : PosixSignalRegistration.Create((PosixSignal)SIGUSR1, c => { c.Cancel = true; Volatile.Write(ref statisticsRequested, 1); });
            bool progress = files is not null && (a.Display.Verbosity > 0 || !Console.IsErrorRedirected);
            long lastProgress = Stopwatch.GetTimestamp();
            TimeSpan wait = TimeSpan.FromMilliseconds(100);
            bool stoppedBySignal = false;
            try
            {
                while (!sink.Done)
                {
                    if (stop.Requested)
                    {
                        stoppedBySignal = true;
                        break;
                    }
                    capture.Dispatch(ref sink, wait);
                    processes?.Attribution.Pump();
                    AfterBatch(ref sink, a, files, text, stdout);
                    export?.Tick();
                    if (files is not null && files.Finished) break;
                    if (processes?.Command is { HasExited: true })
                    {
                        // The command has ended: take what the kernel still holds of its traffic, then stop.
                        stoppedBySignal = true;
                        break;
                    }
                    if (Interlocked.Exchange(ref statisticsRequested, 0) != 0)
                        FrameLimit.WriteCounters(sink.Frames.Count, capture.ReadStatistics());
                    if (progress && Stopwatch.GetElapsedTime(lastProgress) >= TimeSpan.FromSeconds(1))
                    {
                        Console.Error.Write($"\rGot {sink.Frames.Count}");
                        lastProgress = Stopwatch.GetTimestamp();
                    }
                }
                if (stoppedBySignal)
                {
                    // What the kernel already filled is part of the capture: take the blocks it hands
                    // over within two block timeouts (the open block is retired by then).
                    // After `-- COMMAND` ends, its last packets may still sit in an open block on a busy machine: wait longer.
                    long until = Stopwatch.GetTimestamp() + (processes?.Command is not null ? Stopwatch.Frequency / 2 : Stopwatch.Frequency / 40);
                    while (!sink.Done && Stopwatch.GetTimestamp() < until)
                    {
                        capture.Dispatch(ref sink, TimeSpan.FromMilliseconds(5));
                        AfterBatch(ref sink, a, files, text, stdout);
                    }
                }
            }
            catch (IOException) when (stdout is not null && a.WritePath is null)
            {
                // The reader of our output went away (head, a closed pipe): end as tcpdump does.
            }
            if (progress) Console.Error.Write("\r");

            CaptureStatistics stats = capture.ReadStatistics();
            if (text is not null && stdout is not null && text.Length > 0)
            {
                try { text.WriteTo(stdout); stdout.Flush(); }
                catch (IOException) { }
            }
            if (sink.Statistics is not null)
            {
                // After the packets, on stdout; with -w - the capture owns stdout, so on stderr.
                try { Cli.StatisticsSpecs.Print(sink.Statistics, a.WritePath == "-" ? Console.OpenStandardError() : stdout ?? Console.OpenStandardOutput()); }
                catch (IOException) { }
            }
            files?.WriteStatistics(stats.ReceivedByFilter, stats.DroppedByKernel, sink.Frames.Count);
            files?.Dispose();
            files = null;
            FrameLimit.WriteCounters(sink.Frames.Count, stats);
            if (export is not null)
            {
                // The capture's losses go to the collectors in the last statistics record.
                export.CaptureDrops = stats.DroppedByKernel;
                export.Finish();
                export.WriteCounters(Console.Error);
            }
            if (processes is not null)
            {
                ProcessAttribution pa = processes.Attribution;
                Console.Error.WriteLine($"sockscope: process attribution ({(pa.Mechanism == AttributionMechanism.Ebpf ? "eBPF" : "socket table")}): " +
                    $"{pa.EventsRead} socket calls read, {pa.LostEvents} lost, {pa.Table.FlowCount} flows known, {pa.Table.FlowsEvicted} evicted");
            }
            if (processes?.Command is { } command)
            {
                if (!command.HasExited) command.WaitForExit(TimeSpan.FromSeconds(1));
                return command.HasExited ? command.ExitCode : CommandRunner.Success;
            }
            return CommandRunner.Success;
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        finally
        {
            files?.Dispose();
            text?.Dispose();
            export?.Dispose();
            processes?.Dispose();
        }
    }

    /// <summary>
    /// -z: starts `command file` and goes on capturing, as tcpdump does. A command that cannot be
    /// started is reported once per file on stderr; the capture does not stop for it.
    /// </summary>
    private static void RunPostRotate(string command, string file)
    {
        try
        {
            var start = new ProcessStartInfo(command) { UseShellExecute = false };
            start.ArgumentList.Add(file);
            Process.Start(start)?.Dispose();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"sockscope capture: -z {command} {file}: {e.Message}");
        }
    }

    /// <summary>Linux's SIGUSR1 (the signal number is the same on x86-64 and arm64).</summary>
    private const int SIGUSR1 = 10;

    private static void AfterBatch(ref FrameSink sink, Arguments a, CaptureFileRotation? files, Utf8Builder? text, Stream? stdout)
    {
        if (files is not null)
        {
            files.Tick();
            if (a.PacketBuffered) files.Flush();
        }
        if (text is not null && stdout is not null && text.Length > 0)
        {
            // Each ring block is one batch: people see packets as the kernel hands them over.
            text.WriteTo(stdout);
            stdout.Flush();
        }
    }

    /// <summary>Takes each frame the capture hands over (it has run the filter, in the kernel or itself): the file or the printer.</summary>
    private struct FrameSink : ICaptureHandler
    {
        public ProcessCapture? Processes;
        public CaptureFileRotation? Files;
        public PacketPrinter? Printer;
        public FlowExportPipeline? Export;
        public LinkType LinkType;
        public FrameLimit Frames;
        public SockScope.Analysis.Statistics.StatisticsSession? Statistics;

        public readonly bool Done => Frames.Done;

        public bool OnFrame(in CapturedFrame frame)
        {
            ProcessInfo? process = null;
            if (Processes is not null)
            {
                if (Processes.KeepsAll)
                {
                    // --process alone: the packet's process is only named (no filter, no peer to look up).
                    process = Processes.Attribution.Lookup(LinkType, frame.Data, frame.Direction, frame.TimestampNanoseconds);
                }
                else
                {
                    process = Processes.Attribution.Lookup(LinkType, frame.Data, frame.Direction, frame.TimestampNanoseconds, out ProcessInfo? peer);
                    // On loopback a packet is both ends': keep it when either process is wanted.
                    if (!Processes.Filter.Matches(process) && (peer is null || !Processes.Filter.Matches(peer))) return true;
                }
            }
            bool more = Frames.Take();
            Files?.Write(frame.Data, frame.TimestampNanoseconds, frame.OriginalLength, Processes is { WritesComments: true } ? process?.PcapNgComments : null);
            Printer?.Print(LinkType, frame.Data, frame.OriginalLength, frame.TimestampNanoseconds, Frames.Count, process: process);
            Export?.OnFrame(LinkType, frame.Data, frame.OriginalLength, frame.TimestampNanoseconds);
            Statistics?.Add(LinkType, frame.Data, frame.OriginalLength, frame.TimestampNanoseconds);
            return more;
        }
    }

    private static Arguments Parse(string[] args)
    {
        var a = new Arguments();
        var reader = new ArgReader(a.Process.TakeCommand(args));
        while (reader.TryNext(out string option))
        {
            if (a.Display.TryApply(option, reader)) continue;
            if (a.Export.TryApply(option, reader)) continue;
            if (a.Process.TryApply(option, reader)) continue;
            switch (option)
            {
                case "i": a.Interface = reader.Value(); break;
                case "s":
                    int snap = reader.IntValue(0, CaptureOptions.DefaultSnapLength);
                    a.SnapLength = snap == 0 ? CaptureOptions.DefaultSnapLength : snap;
                    break;
                case "p": a.Promiscuous = false; break;
                case "Q" or "direction":
                    string direction = reader.Value();
                    a.Direction = direction switch
                    {
                        "in" => CaptureDirection.In,
                        "out" => CaptureDirection.Out,
                        "inout" => CaptureDirection.InOut,
                        _ => throw new UsageException($"option -Q: '{direction}' is not in, out or inout"),
                    };
                    break;
                case "B": a.RingKiB = reader.IntValue(32, 2 * 1024 * 1024); break;
                case "ring-block": a.BlockKiB = reader.IntValue(4, 64 * 1024); break;
                case "w": a.WritePath = reader.Value(); break;
                case "U": a.PacketBuffered = true; break;
                case "C": a.FileSizeBytes = (long)(reader.DoubleValue(0.001, 1_000_000) * 1_000_000); break;
                case "G": a.RotateSeconds = reader.IntValue(1); break;
                case "W": a.MaxFiles = reader.IntValue(1, 100_000); break;
                case "Z": a.User = reader.Value(); break;
                case "z":
                    // tcpdump's post-rotate command, or a tshark statistics spec: told apart by form.
                    string z = reader.Value();
                    if (SockScope.Analysis.Statistics.StatisticsSpec.LooksLikeSpec(z)) a.StatisticsSpecs.Add(z);
                    else a.PostRotateCommand = z;
                    break;
                case "print": a.Print = true; break;
                case "F": a.FilterFile = reader.Value(); break;
                case "D" or "list-interfaces": a.ListDevices = true; break;
                case "immediate" or "immediate-mode": a.Immediate = true; break;
                case "fanout": (a.FanoutGroup, a.FanoutMode) = ParseFanout(reader.Value()); break;
                case "raw-ip": a.RawIpProtocol = ParseIpProtocol(option, reader.Value()); break;
                case "raw-ip6": a.RawIpProtocol = ParseIpProtocol(option, reader.Value()); a.RawIp6 = true; break;
                default: throw reader.Unknown();
            }
        }
        if (a.WritePath is null && (a.FileSizeBytes > 0 || a.RotateSeconds > 0 || a.MaxFiles > 0))
            throw new UsageException("-C, -G and -W need -w FILE");
        if (a.MaxFiles > 0 && a.FileSizeBytes == 0 && a.RotateSeconds == 0)
            throw new UsageException("-W needs -C or -G");
        if (a.PostRotateCommand is not null && a.FileSizeBytes == 0 && a.RotateSeconds == 0)
            throw new UsageException("-z runs after each rotation: it needs -C or -G");
        if (a.RawIpProtocol is not null && (a.Interface is not null || !a.Promiscuous || a.Direction != CaptureDirection.InOut
            || a.RingKiB != DefaultRingKiB || a.BlockKiB != 0 || a.FanoutGroup is not null || a.Immediate))
            throw new UsageException("--raw-ip and --raw-ip6 capture on every interface through a raw socket: -i, -p, -Q, -B, --ring-block, --immediate and --fanout do not apply");
        a.Expression = FilterExpressionSource.Resolve(a.FilterFile, reader.Positionals);
        a.Export.Validate();
        if (a.Export.ExportOnly && (a.Print || a.WritePath is not null))
            throw new UsageException("--export-only prints nothing and writes nothing: drop --print / -w or --export-only");
        return a;
    }

    private static int ParseIpProtocol(string option, string text) => text switch
    {
        "icmp" => 1,
        "igmp" => 2,
        "tcp" => 6,
        "udp" => 17,
        "gre" => 47,
        "esp" => 50,
        "ah" => 51,
        "icmp6" or "ipv6-icmp" => 58,
        "sctp" => 132,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is >= 1 and <= 254 => number,
        _ => throw new UsageException($"option --{option}: '{text}' is not an IP protocol (icmp, igmp, tcp, udp, gre, esp, ah, icmp6, sctp or 1-254)"),
    };

    private static (ushort, FanoutMode) ParseFanout(string text)
    {
        string[] parts = text.Split(':', 2);
        if (!ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort id))
            throw new UsageException($"option --fanout: '{parts[0]}' is not a group number from 0 to 65535");
        FanoutMode mode = parts.Length == 1 ? FanoutMode.Hash : parts[1] switch
        {
            "hash" => FanoutMode.Hash,
            "lb" => FanoutMode.LoadBalance,
            "cpu" => FanoutMode.Cpu,
            "rollover" => FanoutMode.Rollover,
            "random" => FanoutMode.Random,
            _ => throw new UsageException($"option --fanout: mode '{parts[1]}' is not hash, lb, cpu, rollover or random"),
        };
        return (id, mode);
    }
}
