using System.Diagnostics;
using System.Globalization;
using SockScope.Analysis.Statistics;
using SockScope.Files;
using SockScope.Net;
using SockScope.Filter;
using SockScope.Net.Capture;
using SockScope.Wire;

namespace SockScope.Cli.Commands;

/// <summary>
/// `sockscope stats FILE -z SPEC...` (or `-i IFACE`): tshark's `-q -z` statistics blocks, byte for
/// byte — conversations, endpoints, I/O intervals, the protocol hierarchy and follow-stream.
/// </summary>
internal sealed class StatsCommand : ICommand
{
    public string Name => "stats";
    public string Summary => "tshark's -z statistics: conversations, endpoints, io,stat, io,phs, follow";
    public string Help => """
        usage: sockscope stats FILE -z SPEC [-z SPEC]... [EXPRESSION]
               sockscope stats -i IFACE -z SPEC... [-c N] [-a duration:SEC] [EXPRESSION]

        Prints what `tshark -q -r FILE -z SPEC` prints, byte for byte (tshark 4.0), for:
          conv,eth|ip|ipv6|tcp|udp        conversations: frames and bytes each way, start, duration
          endpoints,eth|ip|ipv6|tcp|udp   endpoints: frames and bytes sent and received
          io,stat,INTERVAL[,FILTER]...    frames and bytes per INTERVAL seconds (0 = the whole
                                          capture), one column per FILTER (empty = all frames).
                                          FILTER is a pcap-filter expression (as tcpdump takes,
                                          e.g. "tcp port 80"), NOT a Wireshark display filter;
                                          it must not contain a comma
          io,phs                          protocol hierarchy, down to the protocols SockScope
                                          decodes (link, vlan, arp, ip, ipv6 and its extension
                                          headers, tcp, udp, icmp, icmpv6, igmp); tshark also
                                          names application protocols below those
          follow,tcp|udp,ascii|hex|raw,N  the data of stream N (tshark's tcp.stream/udp.stream
                                          number: streams counted from 0 in order of first packet)
          follow,tcp|udp,MODE,ADDR:PORT,ADDR:PORT   the stream between two endpoints
        Blocks print in tshark's order: the last -z first. MAC addresses are named as tshark names
        them, from Wireshark's manuf and wka files in /usr/share/wireshark when installed
        (SOCKSCOPE_WIRESHARK_DATA=DIR elsewhere; -N plain addresses).

        options:
          -r FILE        the file to read (same as the positional FILE; '-' reads standard input)
          -z SPEC        a statistics block (repeatable, at least one)
          -N             do not name MAC addresses (tshark -n)
          -i IFACE       count a live capture instead (needs CAP_NET_RAW); ends after -c N
                         packets, after -a duration:SEC seconds, or on Ctrl-C / SIGTERM
          -c N           stop after N packets
          -a duration:SEC  stop after SEC seconds (live)
          EXPRESSION     a pcap-filter expression: only matching packets are counted

        `sockscope read FILE -z SPEC` and `sockscope capture -z SPEC` print the packets and then the
        blocks. exit codes: 0 success; 1 missing or damaged file; 2 bad usage (an unknown spec).

        examples:
          sockscope stats trace.pcap -z conv,tcp -z endpoints,ip
          sockscope stats trace.pcap -z io,stat,1,tcp,udp,"icmp or icmp6"
          sockscope stats trace.pcap -z follow,tcp,ascii,0
          sockscope stats trace.pcap -z follow,udp,hex,10.0.0.1:5353,10.0.0.2:53
          sockscope stats -i eth0 -a duration:10 -z io,phs

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        var specs = new List<string>();
        string? file = null, iface = null;
        bool names = true;
        long count = 0;
        double seconds = 0;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "r": file = reader.Value(); break;
                case "z": specs.Add(reader.Value()); break;
                case "N": names = false; break;
                case "i": iface = reader.Value(); break;
                case "c": count = reader.IntValue(1); break;
                case "a":
                    string stop = reader.Value();
                    if (!stop.StartsWith("duration:", StringComparison.Ordinal)
                        || !double.TryParse(stop.AsSpan("duration:".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds <= 0)
                        throw new UsageException($"option -a: '{stop}' is not duration:SECONDS");
                    break;
                default: throw reader.Unknown();
            }
        }
        List<string> words = [.. reader.Positionals];
        if (file is null && iface is null)
        {
            if (words.Count == 0) throw new UsageException("no file given (usage: sockscope stats FILE -z SPEC, or -i IFACE)");
            file = words[0];
            words.RemoveAt(0);
        }
        if (file is not null && iface is not null) throw new UsageException("give a FILE or -i IFACE, not both");
        if (specs.Count == 0) throw new UsageException($"no -z SPEC given (one of: {StatisticsSpec.Accepted})");
        string expression = string.Join(' ', words);
        using var stdout = new ClosedPipeGuardStream(Console.OpenStandardOutput());
        if (iface is not null) return Live(iface, specs, names, count, seconds, expression, stdout);
        if (seconds > 0) throw new UsageException("-a duration: applies to a live capture (-i)");

        using CaptureFileReader capture = CaptureFileArgument.Open(file!);
        IPacketFilter? filter = PacketFilterAdapter.Compile(expression, capture.LinkType, capture.SnapLength);
        StatisticsSession session = StatisticsSpecs.Create(specs, capture.LinkType, names);
        try
        {
            Feed(capture, session, filter, count);
        }
        catch (CaptureFileException e)
        {
            // tshark prints its blocks for what it read before the damage, then complains.
            StatisticsSpecs.Print(session, stdout);
            throw new CommandException($"{file}: {e.Message}");
        }
        StatisticsSpecs.Print(session, stdout);
        return CommandRunner.Success;
    }

    /// <summary>Every record (optionally only matching ones, at most <paramref name="count"/>) into the session.</summary>
    internal static void Feed(CaptureFileReader capture, StatisticsSession session, IPacketFilter? filter = null, long count = 0)
    {
        while (capture.TryRead(out CaptureRecord record))
        {
            if (filter is not null && !filter.Matches(record.Data, record.OriginalLength)) continue;
            session.Add(record.LinkType, record.Data, record.OriginalLength, TsharkTimestamp.Of(record));
            if (count > 0 && session.Frames >= count) break;
        }
    }

    /// <summary>The blocks for a whole file, in-process (tests, the comparison harness).</summary>
    internal static string RenderFile(string path, IReadOnlyList<string> specs, long maxIoStatRows = IoStatTap.DefaultMaxRows)
    {
        using CaptureFileReader capture = CaptureFileReader.Open(path);
        StatisticsSession session = StatisticsSpecs.Create(specs, capture.LinkType, maxIoStatRows: maxIoStatRows);
        try
        {
            Feed(capture, session);
        }
        catch (CaptureFileException)
        {
            // What came before the damage is counted, as on the command line.
        }
        return session.Render();
    }

    private static int Live(string iface, List<string> specs, bool names, long count, double seconds, string expression, Stream stdout)
    {
        InterruptSignal.EnsureDeliverable();
        IReadOnlyList<NetworkInterfaceInfo> interfaces = NetworkInterfaces.List(withAddresses: false);
        LinkType linkType = LiveCaptureSetup.LinkTypeFor(iface, interfaces);
        // The filter runs in the kernel, as capture's does: packets it rejects are never copied.
        BpfProgram? program = LiveCaptureSetup.CompileFilter(expression, linkType);
        StatisticsSession session = StatisticsSpecs.Create(specs, linkType, names);
        using (ILiveCapture capture = LiveCaptureSetup.Open(new CaptureOptions { Interface = iface, BlockTimeout = TimeSpan.FromMilliseconds(10) }, program))
        {
            Console.Error.WriteLine($"sockscope: counting on {capture.InterfaceName}, link-type {LinkTypeNames.Name(capture.LinkType)}");
            using var stop = new StopSignals();
            var sink = new Sink { Session = session, LinkType = capture.LinkType, Limit = count };
            long started = Stopwatch.GetTimestamp();
            try
            {
                while (!sink.Done && !stop.Requested
                    && (seconds <= 0 || Stopwatch.GetElapsedTime(started).TotalSeconds < seconds))
                    capture.Dispatch(ref sink, TimeSpan.FromMilliseconds(100));
            }
            catch (NetOperationException e)
            {
                throw new CommandException(e.Message);
            }
        }
        StatisticsSpecs.Print(session, stdout);
        return CommandRunner.Success;
    }

    private struct Sink : ICaptureHandler
    {
        public StatisticsSession Session;
        public LinkType LinkType;
        public long Limit;

        public readonly bool Done => Limit > 0 && Session.Frames >= Limit;

        public readonly bool OnFrame(in CapturedFrame frame)
        {
            Session.Add(LinkType, frame.Data, frame.OriginalLength, frame.TimestampNanoseconds);
            return !Done;
        }
    }
}
