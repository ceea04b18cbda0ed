using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using SockScope.Net;
using SockScope.Net.Probing;

namespace SockScope.Cli.Commands;

/// <summary>
/// `sockscope ping`: iputils ping's options, output and exit codes, over a raw ICMP socket when
/// privileged and an ICMP datagram ("ping") socket when not.
/// </summary>
internal sealed class PingCommand : ICommand
{
    public string Name => "ping";
    public string Summary => "send ICMP echo requests (IPv4 and IPv6)";
    public string Help => """
        usage: sockscope ping [-4|-6] [-c COUNT] [-i SECONDS] [-s SIZE] [-t TTL] [-W SECONDS] [-w SECONDS]
                              [-I IFACE|ADDR] [-f] [-q] [-v] [-n] HOST

        Sends ICMP echo requests to HOST and prints the replies and a summary, as iputils ping does.
        Uses a raw ICMP socket when the process has CAP_NET_RAW, otherwise an ICMP datagram socket
        (allowed for groups in net.ipv4.ping_group_range); -v shows which.

          -4, -6          use IPv4 or IPv6 only (when HOST is a name)
          -c COUNT        stop after COUNT replies (or errors) have arrived
          -i SECONDS      wait between probes (default 1; 0 = send each as soon as the last is answered)
          -s SIZE         data bytes after the ICMP header (default 56)
          -t TTL          IP time to live / IPv6 hop limit
          -W SECONDS      after the last probe, how long to wait for replies (default 10)
          -w SECONDS      stop after this many seconds, whatever has been sent or received
          -I IFACE|ADDR   send from this interface (name) or source address
          -f              flood: print '.' per probe and erase it per reply; interval 0 unless -i
          -q              quiet: only the first line and the summary
          -v              verbose: say which socket kind is used
          -n              numeric output: no reverse lookup of reply addresses (done only when HOST is a name)

        Exit status: 0 when a reply arrived (and, with -w and -c, COUNT replies), 1 when none did,
        2 on bad usage.

        """;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        long count = 0;
        double? interval = null;
        int size = 56;
        int? ttl = null;
        double linger = 10;
        double deadline = 0;
        string? iface = null;
        bool quiet = false, verbose = false, flood = false, numeric = false;
        AddressFamily? family = null;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "c": count = reader.IntValue(1); break;
                case "i": interval = reader.DoubleValue(0, 3600); break;
                case "s": size = reader.IntValue(0, 65507); break;
                case "t": ttl = reader.IntValue(1, 255); break;
                case "W": linger = reader.DoubleValue(0, 3600); break;
                case "w": deadline = reader.DoubleValue(0, 1_000_000); break;
                case "I": iface = reader.Value(); break;
                case "q": quiet = true; break;
                case "v": verbose = true; break;
                case "f": flood = true; break;
                case "n": numeric = true; break;
                case "4": family = AddressFamily.InterNetwork; break;
                case "6": family = AddressFamily.InterNetworkV6; break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count != 1)
            throw new UsageException(reader.Positionals.Count == 0 ? "which host? (usage: sockscope ping [options] HOST)" : "give one HOST");
        string host = reader.Positionals[0];
        IPAddress target = ProbeTargets.Resolve(host, family);
        bool ipv6 = target.AddressFamily == AddressFamily.InterNetworkV6;

        IPAddress? source = null;
        string? device = null;
        if (iface is not null)
        {
            if (IPAddress.TryParse(iface, out IPAddress? a)) source = a;
            else device = iface;
        }

        IcmpSocket socket;
        try
        {
            socket = IcmpSocket.Open(target.AddressFamily, null, source, device);
            if (ttl is int t) socket.SetTtl(t);
            socket.Connect(target);
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        using (socket)
        {
            if (verbose)
                Console.Error.WriteLine(socket.Kind == PingSocketKind.Raw
                    ? $"sockscope ping: raw ICMP socket (SOCK_RAW), identifier {socket.Identifier}"
                    : $"sockscope ping: ICMP datagram socket (SOCK_DGRAM, net.ipv4.ping_group_range), identifier {socket.Identifier}");
            // Like iputils: replies are shown by name only when HOST was a name and -n is not given.
            bool names = !numeric && !IPAddress.TryParse(host, out _);
            using var interrupted = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupted.Cancel(); });
            var options = new PingSessionOptions
            {
                Count = count, IntervalSeconds = interval ?? (flood ? 0 : 1), PayloadSize = size, LingerSeconds = linger, DeadlineSeconds = deadline,
            };
            var output = new PingOutput(target, host, size, quiet, flood, names);
            output.Header(source is not null || device is not null ? source ?? SourceAddress.Towards(target, device) : null, device);
            var session = new PingSession(socket, options);
            session.Run(output, interrupted.Token);
            output.Summary(session, flood || options.IntervalSeconds == 0);
            return session.Failed ? CommandRunner.Failure : CommandRunner.Success;
        }
    }

    /// <summary>iputils ping's output for the library's <see cref="PingSession"/>: one line per reply or error, '.' per probe in flood mode.</summary>
    private sealed class PingOutput(IPAddress target, string host, int size, bool quiet, bool flood, bool names) : IPingObserver
    {
        private readonly Dictionary<IPAddress, string> _shown = [];
        private readonly Stream _stdout = Console.OpenStandardOutput();
        private readonly StringBuilder _line = new();

        private bool Ipv6 => target.AddressFamily == AddressFamily.InterNetworkV6;
        private bool Timing => size >= 16;

        public void Header(IPAddress? source, string? device)
        {
            string shownSource = source is not null ? $"from {source} {device ?? ""}: " : "";
            Write(Ipv6
                ? $"PING {host}({target}) {shownSource}{size} data bytes\n"
                : $"PING {host} ({target}) {shownSource}{size}({size + 28}) bytes of data.\n");
            Flush();
        }

        public void Summary(PingSession session, bool floodOrNoInterval)
        {
            long elapsedUs = session.ElapsedMicroseconds;
            Write($"\n--- {host} ping statistics ---\n");
            Write(session.Statistics.SummaryLine((elapsedUs + 500) / 1000) + "\n");
            Write(session.Statistics.RoundTripLine(Timing, floodOrNoInterval, elapsedUs) + "\n");
            Flush();
        }

        public void OnSent(ushort sequence)
        {
            if (flood && !quiet) Write(".");   // iputils' -f -q prints neither dots nor backspaces
        }

        public void OnSendFailed(ushort sequence, NetOperationException failure) =>
            Console.Error.WriteLine($"sockscope ping: {failure.Message}");

        public void OnIdle(int milliseconds)
        {
            if (flood && _line.Length > 0) Flush();
        }

        public void OnError(in IcmpEvent e)
        {
            if (flood) { if (!quiet) Write("\bE"); return; }
            Write($"From {Show(e.From)} icmp_seq={e.Sequence} {IcmpErrorText.Describe(Ipv6, e.Type, e.Code, e.Info)}\n");
            if (!quiet) Flush();
        }

        public void OnReply(in IcmpEvent e, long rttUs, bool duplicate)
        {
            if (flood)
            {
                if (!duplicate && !quiet) Write("\b \b");
                return;
            }
            if (quiet) return;
            _line.Append(C, $"{e.Length} bytes from {Show(e.From)}: icmp_seq={e.Sequence}");
            if (e.Ttl >= 0) _line.Append(C, $" ttl={e.Ttl}");
            if (Timing) _line.Append(" time=").Append(PingStatistics.ReplyTime(rttUs)).Append(" ms");
            if (duplicate) _line.Append(" (DUP!)");
            _line.Append('\n');
            Flush();
        }

        /// <summary>"name (address)" from a reverse lookup, once per address, or the address alone.</summary>
        private string Show(IPAddress address)
        {
            if (!names) return address.ToString();
            if (_shown.TryGetValue(address, out string? text)) return text;
            string name;
            try
            {
                name = Dns.GetHostEntry(address).HostName;
            }
            catch (SocketException)
            {
                name = address.ToString();
            }
            text = $"{name} ({address})";
            _shown[address] = text;
            return text;
        }

        private void Write(string text) => _line.Append(text);

        private void Flush()
        {
            if (_line.Length == 0) return;
            byte[] bytes = Encoding.UTF8.GetBytes(_line.ToString());
            _line.Clear();
            _stdout.Write(bytes);
            _stdout.Flush();
        }
    }
}
