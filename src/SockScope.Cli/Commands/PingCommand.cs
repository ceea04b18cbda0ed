using System.Diagnostics;
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
            var session = new PingSession(socket, target, host, size, count, interval ?? (flood ? 0 : 1), linger, deadline, quiet, flood, names);
            return session.Run(source, device);
        }
    }

    /// <summary>The send and receive loop with iputils' timing rules, and its output.</summary>
    private sealed class PingSession(IcmpSocket socket, IPAddress target, string host, int size, long count, double interval,
        double linger, double deadline, bool quiet, bool flood, bool names)
    {
        private readonly Dictionary<IPAddress, string> _shown = [];
        private readonly Stream _stdout = Console.OpenStandardOutput();
        private readonly StringBuilder _line = new();
        private readonly PingStatistics _stats = new();
        private readonly long[] _sentTicks = new long[65536];
        private readonly ulong[] _answered = new ulong[65536 / 64];
        private volatile bool _interrupted;

        private bool Ipv6 => target.AddressFamily == AddressFamily.InterNetworkV6;
        private bool Timing => size >= 16;

        public int Run(IPAddress? source, string? device)
        {
            string shownSource = source is not null || device is not null
                ? $"from {ProbeTargets.SourceFor(target, source, device)} {device ?? ""}: "
                : "";
            Write(Ipv6
                ? $"PING {host}({target}) {shownSource}{size} data bytes\n"
                : $"PING {host} ({target}) {shownSource}{size}({size + 28}) bytes of data.\n");
            Flush();

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; _interrupted = true; });
            byte[] payload = new byte[size];
            for (int i = 0; i < payload.Length; i++) payload[i] = (byte)i;

            long intervalUs = (long)(interval * 1_000_000);
            long deadlineUs = deadline > 0 ? (long)(deadline * 1_000_000) : long.MaxValue;
            long lingerUs = (long)(linger * 1_000_000);
            var clock = Stopwatch.StartNew();
            long nextSendUs = 0, lastSendUs = 0;
            ushort sequence = 0;
            while (!_interrupted)
            {
                long now = Microseconds(clock);
                if (now >= deadlineUs) break;
                if (count > 0 && _stats.Received + _stats.Errors >= count) break;
                // With a deadline, iputils keeps probing until COUNT replies arrive or time is up.
                bool moreToSend = count == 0 || deadline > 0 || _stats.Transmitted < count;
                if (moreToSend && now >= nextSendUs)
                {
                    sequence++;
                    try
                    {
                        _sentTicks[sequence] = socket.SendEcho(sequence, payload);
                    }
                    catch (NetOperationException failure)
                    {
                        // iputils reports a failed send and goes on (unreachable network, no buffer space).
                        Console.Error.WriteLine($"sockscope ping: {failure.Message}");
                    }
                    _answered[sequence >> 6] &= ~(1UL << (sequence & 63));
                    _stats.OnTransmit();
                    lastSendUs = now;
                    // Interval 0: the next probe goes when this one is answered, or after 10 ms without answer.
                    nextSendUs = intervalUs > 0 ? Math.Max(nextSendUs + intervalUs, now) : now + 10_000;
                    if (flood) Write(".");
                    continue;
                }
                if (!moreToSend && deadline <= 0 && now - lastSendUs >= lingerUs) break;
                long waitUs = moreToSend ? nextSendUs - now : lingerUs - (now - lastSendUs);
                if (deadline > 0) waitUs = Math.Min(waitUs, deadlineUs - now);
                int waitMs = (int)Math.Clamp((waitUs + 999) / 1000, 0, 100);
                if (flood && _line.Length > 0 && waitMs > 0) Flush();
                if (!socket.TryReceive(waitMs, out IcmpEvent e)) continue;
                Handle(e, sequence, ref nextSendUs, Microseconds(clock));
                while (socket.TryReceive(0, out e)) Handle(e, sequence, ref nextSendUs, Microseconds(clock));
            }
            long elapsedUs = Microseconds(clock);
            Write($"\n--- {host} ping statistics ---\n");
            Write(_stats.SummaryLine((elapsedUs + 500) / 1000) + "\n");
            Write(_stats.RoundTripLine(Timing, flood || interval == 0, elapsedUs) + "\n");
            Flush();
            bool failed = _stats.Received == 0 || (deadline > 0 && count > 0 && _stats.Received < count);
            return failed ? CommandRunner.Failure : CommandRunner.Success;
        }

        private void Handle(in IcmpEvent e, ushort lastSequence, ref long nextSendUs, long now)
        {
            if (_sentTicks[e.Sequence] == 0) return; // not a sequence we sent (an older run's identifier clash)
            // Like iputils, the pipe is measured when an answer arrives: probes sent since this one, plus one.
            _stats.OnOutstanding((ushort)(_stats.Transmitted - e.Sequence) + 1);
            if (e.Kind == IcmpEventKind.Error)
            {
                _stats.OnError();
                if (flood) { Write("\bE"); return; }
                Write($"From {Show(e.From)} icmp_seq={e.Sequence} {IcmpErrorText.Describe(Ipv6, e.Type, e.Code, e.Info)}\n");
                if (!quiet) Flush();
                return;
            }
            bool duplicate = (_answered[e.Sequence >> 6] & (1UL << (e.Sequence & 63))) != 0;
            _answered[e.Sequence >> 6] |= 1UL << (e.Sequence & 63);
            long rttUs = Math.Max(0, (e.ReceivedTicks - _sentTicks[e.Sequence]) / 10);
            _stats.OnReply(rttUs, duplicate);
            if (interval == 0 && e.Sequence == lastSequence) nextSendUs = now;
            if (flood)
            {
                if (!duplicate) Write("\b \b");
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

        private static long Microseconds(Stopwatch clock) => clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;

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
