using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SockScope.Net;
using SockScope.Net.Probing;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope traceroute`: the path to a host, hop by hop, printed as traceroute prints it.</summary>
internal sealed class TracerouteCommand : ICommand
{
    public string Name => "traceroute";
    public string Summary => "show the route packets take to a host (UDP, ICMP or TCP probes)";
    public string Help => """
        usage: sockscope traceroute [-4|-6] [-I|-T|-U] [-n] [-p PORT] [-q N] [-w SECONDS] [-m MAX] [-f FIRST]
                                    [-i IFACE] HOST [PACKETLEN]

        Sends probes with growing TTL (hop limit) and prints who answers at each hop, as traceroute
        does. Answers are matched to probes by the datagram quoted in the ICMP error. Needs CAP_NET_RAW.

          -U             UDP probes to port 33434 and up (the default)
          -I             ICMP echo probes
          -T             TCP SYN probes (to port 80 unless -p)
          -p PORT        UDP: first destination port; TCP: destination port
          -n             print addresses only (names are never looked up; without -n the address is
                         printed in the name's place, as traceroute does for hosts without a name)
          -q N           probes per hop (default 3)
          -w SECONDS     wait for each probe's answer (default 5)
          -m MAX         last hop to try (default 30)
          -f FIRST       first hop to try (default 1)
          -i IFACE       send from this interface
          -4, -6         use IPv4 or IPv6 only (when HOST is a name)
          PACKETLEN      whole probe length (default 60 for IPv4, 80 for IPv6)

        Marks after a time: !H host, !N network, !P protocol unreachable, !X administratively
        prohibited, !F fragmentation needed, !S source route failed. `*` is a probe without answer.

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        var kind = TraceProbeKind.Udp;
        int? port = null, length = null;
        int queries = 3, maxHops = 30, firstHop = 1;
        double wait = 5;
        bool numeric = false;
        string? device = null;
        AddressFamily? family = null;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "U": kind = TraceProbeKind.Udp; break;
                case "I": kind = TraceProbeKind.Icmp; break;
                case "T": kind = TraceProbeKind.Tcp; break;
                case "p": port = reader.IntValue(1, 65535); break;
                case "n": numeric = true; break;
                case "q": queries = reader.IntValue(1, 10); break;
                case "w": wait = reader.DoubleValue(0.01, 60); break;
                case "m": maxHops = reader.IntValue(1, 255); break;
                case "f": firstHop = reader.IntValue(1, 255); break;
                case "i": device = reader.Value(); break;
                case "4": family = AddressFamily.InterNetwork; break;
                case "6": family = AddressFamily.InterNetworkV6; break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count is 0 or > 2) throw new UsageException("usage: sockscope traceroute [options] HOST [PACKETLEN]");
        if (firstHop > maxHops) throw new UsageException($"first hop ({firstHop}) is beyond the last ({maxHops})");
        if (reader.Positionals.Count == 2)
        {
            if (!int.TryParse(reader.Positionals[1], NumberStyles.None, CultureInfo.InvariantCulture, out int l) || l > 65000)
                throw new UsageException($"packet length '{reader.Positionals[1]}' is not a number up to 65000");
            length = l;
        }
        string host = reader.Positionals[0];
        IPAddress target = ProbeTargets.Resolve(host, family);
        var options = new TracerouteOptions
        {
            Kind = kind,
            Port = port,
            FirstHop = firstHop,
            MaxHops = maxHops,
            QueriesPerHop = queries,
            Wait = TimeSpan.FromSeconds(wait),
            PacketLength = length,
            Interface = device,
        };
        try
        {
            using var tracer = new Tracer(target, options);
            using Stream stdout = Console.OpenStandardOutput();
            var line = new StringBuilder();
            void Flush()
            {
                stdout.Write(Encoding.UTF8.GetBytes(line.ToString()));
                stdout.Flush();
                line.Clear();
            }
            line.Append(CultureInfo.InvariantCulture, $"traceroute to {host} ({target}), {maxHops} hops max, {tracer.PacketLength} byte packets\n");
            Flush();
            for (int hop = firstHop; hop <= maxHops; hop++)
            {
                line.Append(CultureInfo.InvariantCulture, $"{hop,2} ");
                IPAddress? last = null;
                bool reached = false, unreachable = false;
                for (int probe = 0; probe < queries; probe++)
                {
                    TraceProbeResult r = tracer.Probe(hop, probe);
                    if (r.TimedOut)
                    {
                        line.Append(" *");
                    }
                    else
                    {
                        if (!r.From!.Equals(last))
                        {
                            line.Append(' ').Append(r.From);
                            if (!numeric) line.Append(" (").Append(r.From).Append(')');
                            last = r.From;
                        }
                        line.Append(CultureInfo.InvariantCulture, $"  {r.RoundTripTime.TotalMilliseconds:0.000} ms");
                        if (r.Annotation is not null) line.Append(' ').Append(r.Annotation);
                        reached |= r.ReachedDestination;
                        unreachable |= r.Unreachable;
                    }
                    Flush();
                }
                line.Append('\n');
                Flush();
                if (reached || unreachable) break;
            }
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        return CommandRunner.Success;
    }
}
