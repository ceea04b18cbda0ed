using System.Diagnostics;
using System.Globalization;
using SockScope.Analysis;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Defragmentation;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;
using SockScope.Files;
using SockScope.Filter;
using SockScope.Net;
using SockScope.Net.Attribution;
using SockScope.Net.Capture;
using SockScope.Wire;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope flows FILE | -i IFACE`: Zeek's conn.log (TSV or JSON) from a capture file or a live capture.</summary>
internal sealed class FlowsCommand : ICommand
{
    public string Name => "flows";
    public string Summary => "conversations as Zeek's conn.log (file or live), with Community ID";
    public string Help => """
        usage: sockscope flows [options] FILE [EXPRESSION]
               sockscope flows -i IFACE [options] [EXPRESSION]

        Follows every conversation of a pcap/pcapng file (or of a live capture) and writes one
        record per connection in Zeek 6's conn.log format: the #-header lines, then ts uid
        id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes
        conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts
        resp_ip_bytes tunnel_parents community_id, then #close. Tools that read Zeek logs (RITA,
        Security Onion, Malcolm, Zui) read it. Only packets matching the pcap-filter EXPRESSION count.

        IP fragments are reassembled first; TCP streams are reassembled to find the holes
        (missed_bytes). A record is written when its connection ends: timeouts in packet time,
        the TCP close delay, eviction, or the end of the input. The originator, conn_state and
        history letters follow Zeek. Memory stays under the caps below: what a cap evicts is
        counted and reported on standard error, never thrown.

        service: the application protocol Zeek's dynamic protocol detection would name, from the
        first 4 payload packets of each direction (TCP: their first 1024 bytes) within the first
        32 packets: dns http ssl dtls ssh ftp smtp pop3 dhcp ntp quic snmp radius. ssl, http,
        ssh, ftp, smtp and pop3 on any port when both sides show it, on the protocol's
        well-known port from the client's side alone; dns, ntp, snmp and radius on their ports
        only, when the payload parses; '-' when unknown (a protocol not in the list, or one that
        starts after the first packets). local_orig / local_resp: T or F with --local-nets, else
        unset as in Zeek without Site::local_nets. tunnel_parents: always unset (no tunnel
        connections are tracked). See docs/conn-log.md.

        options:
          -r FILE              the file to read (same as the positional FILE; '-' is stdin)
          -i IFACE             capture live instead (ends after -c packets or on Ctrl-C/SIGTERM);
                               needs CAP_NET_RAW
          --process            with -i: name the local process on each side of a flow, in four
                               more columns after community_id: orig_pid orig_comm resp_pid
                               resp_comm (unset '-' where the side is not a socket of this host, or
                               its process is not known; in --json the keys are left out). The
                               same join as `capture --process` (eBPF on bind/connect/sendto/
                               sendmsg plus a socket snapshot at start; root, or CAP_BPF +
                               CAP_PERFMON + CAP_NET_RAW + CAP_SYS_PTRACE). A side keeps the first
                               process named for it. ICMP echo names the requester only (the
                               kernel answers pings). A side is left unset rather than guessed:
                               packets of another host (promiscuous mode) name no one
          -c N                 stop after N packets
          -F FILE              read the filter expression from FILE
          -w OUT               write the log to OUT instead of standard output
          --json               Zeek's JSON form: one object per line, unset fields left out
          --local-nets CIDR[,CIDR...]  Zeek's Site::local_nets (IPv4 and IPv6 prefixes, a bare
                               address is one host): fills local_orig and local_resp with T/F
                               (JSON true/false)
          --uid-seed N         derive uids from N (reproducible output); default: random
          --community-id-seed N  Community ID seed (default 0)
          --tcp-timeout SEC    TCP inactivity timeout (default 300)
          --udp-timeout SEC    UDP inactivity timeout (default 60)
          --icmp-timeout SEC   ICMP inactivity timeout (default 60)
          --other-timeout SEC  other IP protocols' inactivity timeout (default 60)
          --close-delay SEC    how long a closed or reset TCP connection is kept (default 5)
          --active-timeout SEC end and restart flows older than SEC (NetFlow style; default 0: never)
          --max-flows N        flows held at once (default 500000); beyond, the least recently
                               active is logged early (conn_state as far as seen) and counted
          --max-stream-kb N    out-of-order bytes held per TCP direction (default 4096)
          --max-reassembly-mb N  out-of-order bytes held over all streams (default 64)
          --frag-timeout SEC   IPv4 fragment timeout (default 30)
          --frag6-timeout SEC  IPv6 fragment timeout (default 60)
          --max-fragment-mb N  bytes of incomplete datagrams held (default 16)
          --no-reassembly      count flows only: no TCP stream reassembly (missed_bytes stays 0)

        """ + FlowExportOptions.HelpText + """
        With --export, --active-timeout and --max-flows apply to the exported flows too (export
        defaults: 1800 s, 262144); add --export-only when nobody reads the conn.log.

        examples:
          sockscope flows trace.pcap > conn.log
          sockscope flows trace.pcap --export ipfix://127.0.0.1:4739 --export-only
          sockscope flows -i eth0 --export ipfix://10.0.0.5:4739 --export netflow9://10.0.0.6:2055 --export-only
          sockscope flows --json trace.pcapng tcp port 443 | jq .conn_state
          sockscope flows --local-nets 10.0.0.0/8,fd00::/8 --json trace.pcap | jq 'select(.local_orig and (.local_resp | not))'
          sockscope flows -i eth0 -c 100000 -w conn.log
          sockscope flows -i any --process --json | jq 'select(.orig_comm == "curl")'

        exit codes: 0 success; 1 missing or damaged file, capture failure; 2 bad usage.

        """;

    internal sealed class Arguments
    {
        public string? File;
        public string? Interface;
        public long Count;
        public string? FilterFile;
        public string? OutputPath;
        public bool Json;
        public ulong? UidSeed;
        public ushort CommunityIdSeed;
        public double TcpTimeout = 300, UdpTimeout = 60, IcmpTimeout = 60, OtherTimeout = 60, CloseDelay = 5, ActiveTimeout;
        public int MaxFlows = FlowTableOptions.Default.MaxFlows;
        public int MaxStreamKb = TcpReassemblyOptions.Default.MaxBufferedBytesPerDirection >> 10;
        public int MaxReassemblyMb = 64;
        public double FragTimeout = 30, Frag6Timeout = 60;
        public int MaxFragmentMb = 16;
        public bool NoReassembly;
        public bool Process;
        public LocalNetworks? LocalNetworks;
        public string Expression = "";
        public FlowExportOptions Export = new();

        public TrafficAnalyzerOptions ToOptions() => new()
        {
            Flows = new FlowTableOptions
            {
                TcpIdleTimeout = TimeSpan.FromSeconds(TcpTimeout),
                UdpIdleTimeout = TimeSpan.FromSeconds(UdpTimeout),
                IcmpIdleTimeout = TimeSpan.FromSeconds(IcmpTimeout),
                OtherIdleTimeout = TimeSpan.FromSeconds(OtherTimeout),
                TcpClosedTimeout = TimeSpan.FromSeconds(CloseDelay),
                ActiveTimeout = TimeSpan.FromSeconds(ActiveTimeout),
                MaxFlows = MaxFlows,
            },
            Reassembly = new TcpReassemblyOptions { MaxBufferedBytesPerDirection = MaxStreamKb << 10 },
            MaxReassemblyBytes = (long)MaxReassemblyMb << 20,
            Defragmentation = new DefragmentationOptions
            {
                Ipv4Timeout = TimeSpan.FromSeconds(FragTimeout),
                Ipv6Timeout = TimeSpan.FromSeconds(Frag6Timeout),
                MaxBufferedBytes = (long)MaxFragmentMb << 20,
            },
            ReassembleStreams = !NoReassembly,
            LocalNetworks = LocalNetworks,
        };
    }

    public int Run(string[] args)
    {
        Arguments a = Parse(args);
        if (a.Export.ExportOnly) return FlowExportRunner.Run(a.File, a.Interface, a.Expression, a.Count, a.Export, "flows");
        TrafficAnalyzerOptions options = a.ToOptions();
        ulong uidSeed = a.UidSeed ?? (ulong)Random.Shared.NextInt64();
        Stream output = OpenOutput(a.OutputPath);
        try
        {
            using FlowExportPipeline? export = a.Export.Enabled ? new FlowExportPipeline(a.Export) : null;
            TrafficAnalyzer analyzer = a.Interface is not null ? RunLive(a, options, output, uidSeed, export) : RunFile(a, options, NewLog(a, output, uidSeed, null), export);
            foreach (string line in FlowsPipeline.Summary(analyzer, options)) Console.Error.WriteLine("sockscope flows: " + line);
            if (export is not null)
            {
                export.Finish();
                export.WriteCounters(Console.Error);
            }
            return CommandRunner.Success;
        }
        catch (IOException) when (output is ClosedPipeGuardStream { IsClosed: true })
        {
            return CommandRunner.Success;
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>The conn.log writer, its header written.</summary>
    private static ZeekConnLogWriter NewLog(Arguments a, Stream output, ulong uidSeed, ZeekExtraFields? extra)
    {
        var log = new ZeekConnLogWriter(output, a.Json ? ZeekLogFormat.Json : ZeekLogFormat.Tsv, uidSeed, a.CommunityIdSeed) { ExtraFields = extra };
        log.WriteHeader(DateTimeOffset.UtcNow);
        return log;
    }

    private static Stream OpenOutput(string? path)
    {
        if (path is null or "-") return new ClosedPipeGuardStream(Console.OpenStandardOutput());
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"cannot write {path}: {e.Message}");
        }
    }

    private static TrafficAnalyzer RunFile(Arguments a, TrafficAnalyzerOptions options, ZeekConnLogWriter log, FlowExportPipeline? export)
    {
        string file = a.File!;
        using CaptureFileReader capture = CaptureFileArgument.Open(file);
        CaptureFileArgument.WriteReadingFrom(file, capture);
        IPacketFilter? filter = PacketFilterAdapter.Compile(a.Expression, capture.LinkType, capture.SnapLength);
        using var stop = new StopSignals();
        try
        {
            TrafficAnalyzer analyzer = FlowsPipeline.Run(capture, options, filter, log, a.Count, () => stop.Requested, export: export);
            log.WriteFooter(DateTimeOffset.UtcNow);
            foreach (string warning in capture.Warnings) Console.Error.WriteLine($"sockscope flows: warning: {file}: {warning}");
            return analyzer;
        }
        catch (CaptureFileException e)
        {
            log.Flush();
            throw new CommandException($"{file}: {e.Message}");
        }
    }

    private static TrafficAnalyzer RunLive(Arguments a, TrafficAnalyzerOptions options, Stream output, ulong uidSeed, FlowExportPipeline? export)
    {
        InterruptSignal.EnsureDeliverable();
        IReadOnlyList<NetworkInterfaceInfo> interfaces = NetworkInterfaces.List(withAddresses: false);
        string iface = a.Interface!;
        LinkType linkType = LiveCaptureSetup.LinkTypeFor(iface, interfaces);
        BpfProgram? program = LiveCaptureSetup.CompileFilter(a.Expression, linkType);
        using (ILiveCapture capture = LiveCaptureSetup.Open(new CaptureOptions { Interface = iface }, program))
        {
            // After the capture socket is open, as `capture --process` does: no socket call falls between.
            using ProcessAttribution? attribution = a.Process ? CaptureProcessOptions.StartAttribution() : null;
            FlowProcessColumns? processes = attribution is null ? null : new FlowProcessColumns(attribution);
            ZeekConnLogWriter log = NewLog(a, output, uidSeed, processes);
            var analyzer = new TrafficAnalyzer(options);
            analyzer.FlowEnded += flow =>
            {
                log.Write(flow);
            };
            LiveCaptureSetup.WriteListening(capture);
            using var stop = new StopSignals();
            var sink = new LiveSink
            {
                Analyzer = analyzer,
                Export = export,
                Processes = processes,
                LinkType = capture.LinkType,
                Frames = new FrameLimit(a.Count),
            };
            long lastFlush = Stopwatch.GetTimestamp();
            try
            {
                while (!sink.Done && !stop.Requested)
                {
                    capture.Dispatch(ref sink, TimeSpan.FromMilliseconds(100));
                    attribution?.Pump();
                    // A quiet link still ages its flows: packet time stands still, the clock does not.
                    analyzer.Advance((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100);
                    export?.Tick();
                    if (Stopwatch.GetElapsedTime(lastFlush) >= TimeSpan.FromSeconds(1))
                    {
                        log.Flush();
                        lastFlush = Stopwatch.GetTimestamp();
                    }
                }
            }
            catch (NetOperationException e)
            {
                throw new CommandException(e.Message);
            }
            finally
            {
                analyzer.Finish();
                if (export is not null) export.CaptureDrops = capture.ReadStatistics().DroppedByKernel;
            }
            log.WriteFooter(DateTimeOffset.UtcNow);
            if (attribution is not null)
                Console.Error.WriteLine($"sockscope flows: process attribution ({(attribution.Mechanism == AttributionMechanism.Ebpf ? "eBPF" : "socket table")}): " +
                    $"{processes!.SidesNamed} flow sides named, {attribution.EventsRead} socket calls read, {attribution.LostEvents} lost");
            return analyzer;
        }
    }

    private struct LiveSink : ICaptureHandler
    {
        public TrafficAnalyzer Analyzer;
        public FlowExportPipeline? Export;
        public FlowProcessColumns? Processes;
        public LinkType LinkType;
        public FrameLimit Frames;

        public readonly bool Done => Frames.Done;

        public bool OnFrame(in CapturedFrame frame)
        {
            bool more = Frames.Take();
            Analyzer.Process(frame.Data, LinkType, frame.TimestampNanoseconds, frame.OriginalLength);
            Processes?.Observe(Analyzer.LastFlow, Analyzer.LastDirection, LinkType, frame);
            Export?.OnFrame(LinkType, frame.Data, frame.OriginalLength, frame.TimestampNanoseconds);
            return more;
        }
    }

    /// <summary>The --local-nets list; a bad prefix is a usage error with the list and a caret under the problem.</summary>
    internal static LocalNetworks ParseLocalNetworks(string text)
    {
        try
        {
            return LocalNetworks.Parse(text);
        }
        catch (LocalNetworksFormatException e)
        {
            throw new UsageException($"option --local-nets: {e.Message}\n  {e.Text}\n  {new string(' ', e.Column)}^");
        }
    }

    internal static Arguments Parse(string[] args)
    {
        var a = new Arguments();
        var reader = new ArgReader(args);
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "r": a.File = reader.Value(); break;
                case "i": a.Interface = reader.Value(); break;
                case "c": a.Count = reader.IntValue(1); break;
                case "F": a.FilterFile = reader.Value(); break;
                case "w": a.OutputPath = reader.Value(); break;
                case "json": a.Json = true; break;
                case "uid-seed":
                    string seed = reader.Value();
                    if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
                        throw new UsageException($"option --uid-seed: '{seed}' is not a whole number from 0 to {ulong.MaxValue}");
                    a.UidSeed = s;
                    break;
                case "community-id-seed": a.CommunityIdSeed = (ushort)reader.IntValue(0, ushort.MaxValue); break;
                case "tcp-timeout": a.TcpTimeout = reader.DoubleValue(0.001, 1e7); break;
                case "udp-timeout": a.UdpTimeout = reader.DoubleValue(0.001, 1e7); break;
                case "icmp-timeout": a.IcmpTimeout = reader.DoubleValue(0.001, 1e7); break;
                case "other-timeout": a.OtherTimeout = reader.DoubleValue(0.001, 1e7); break;
                case "close-delay": a.CloseDelay = reader.DoubleValue(0.001, 1e7); break;
                case "active-timeout": a.ActiveTimeout = reader.DoubleValue(0, 1e7); break;
                case "max-flows": a.MaxFlows = reader.IntValue(1, 100_000_000); break;
                case "max-stream-kb": a.MaxStreamKb = reader.IntValue(1, 1 << 20); break;
                case "max-reassembly-mb": a.MaxReassemblyMb = reader.IntValue(0, 1 << 20); break;
                case "frag-timeout": a.FragTimeout = reader.DoubleValue(0.001, 1e7); break;
                case "frag6-timeout": a.Frag6Timeout = reader.DoubleValue(0.001, 1e7); break;
                case "max-fragment-mb": a.MaxFragmentMb = reader.IntValue(1, 1 << 20); break;
                case "no-reassembly": a.NoReassembly = true; break;
                case "process": a.Process = true; break;
                case "local-nets": a.LocalNetworks = ParseLocalNetworks(reader.Value()); break;
                default:
                    if (!a.Export.TryApply(option, reader)) throw reader.Unknown();
                    break;
            }
        }
        List<string> words = [.. reader.Positionals];
        if (a.Interface is not null && a.File is not null) throw new UsageException("-i and a FILE cannot be combined: read a file or capture live");
        if (a.Interface is null && a.File is null)
        {
            if (words.Count == 0) throw new UsageException("no file given (usage: sockscope flows FILE [EXPRESSION] or sockscope flows -i IFACE)");
            a.File = words[0];
            words.RemoveAt(0);
        }
        a.Expression = FilterExpressionSource.Resolve(a.FilterFile, words);
        // The NetFlow-style options of conn.log apply to the export as well.
        if (a.ActiveTimeout > 0) a.Export.ActiveTimeout = TimeSpan.FromSeconds(a.ActiveTimeout);
        if (a.MaxFlows != FlowTableOptions.Default.MaxFlows) a.Export.MaxFlows = a.MaxFlows;
        a.Export.Validate();
        if (a.Process && a.Interface is null)
            throw new UsageException("--process needs a live capture (-i IFACE): a file does not say which process sent a packet");
        if (a.Process && a.Export.ExportOnly)
            throw new UsageException("--process names processes in the conn.log, which --export-only does not write");
        if (a.Export.ExportOnly && (a.OutputPath is not null || a.Json))
            throw new UsageException("--export-only writes no conn.log: drop -w / --json or --export-only");
        return a;
    }
}
