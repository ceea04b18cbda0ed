using SockScope.Cli.Observe;
using SockScope.Net;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;
using Spectre.Console;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope sockets`: ss's listing from sock_diag, with owners and a sniffer report.</summary>
internal sealed class SocketsCommand : ICommand
{
    public string Name => "sockets";
    public string Summary => "list sockets with their owners, like ss; --sniffers finds capturers";
    public string Help => """
        usage: sockscope sockets [-tuwx0 -l|-a -p -n -4|-6] [--json] [--netns NAME]
               sockscope sockets --sniffers [--json] [--netns NAME]

        Lists sockets from the kernel's sock_diag interface, in ss's columns and state names.
        With no kind flag, every kind is listed.

          -t, --tcp        TCP sockets
          -u, --udp        UDP sockets
          -w, --raw        raw IP sockets
          -x, --unix       unix domain sockets
          -0, --packet     packet (AF_PACKET) sockets
          -l, --listening  only listening and unconnected sockets
          -a, --all        sockets in every state (default: connected sockets only)
          -p, --processes  show the processes holding each socket (reads /proc/PID/fd)
          -n, --numeric    do not turn port and protocol numbers into names
          -4, --ipv4       IPv4 only
          -6, --ipv6       IPv6 only
          --sniffers       every process holding a packet or raw IP socket: interface, promiscuous
                           or not, the attached filter; and the interfaces in promiscuous mode
          --json           one JSON document instead of the table
          --netns NAME     look inside network namespace NAME (/run/netns/NAME)

        Without root the listing shows what is visible and says what is hidden.

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        bool tcp = false, udp = false, raw = false, unix = false, packet = false;
        bool listening = false, all = false, processes = false, numeric = false, v4 = false, v6 = false;
        bool sniffers = false, json = false;
        string? netns = null;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "t" or "tcp": tcp = true; break;
                case "u" or "udp": udp = true; break;
                case "w" or "raw": raw = true; break;
                case "x" or "unix": unix = true; break;
                case "0" or "packet": packet = true; break;
                case "l" or "listening": listening = true; break;
                case "a" or "all": all = true; break;
                case "p" or "processes": processes = true; break;
                case "n" or "numeric": numeric = true; break;
                case "4" or "ipv4": v4 = true; break;
                case "6" or "ipv6": v6 = true; break;
                case "sniffers": sniffers = true; break;
                case "json": json = true; break;
                case "netns": netns = reader.Value(); break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count > 0) throw new UsageException($"unexpected argument '{reader.Positionals[0]}' (state filters are not supported; use -l or -a)");
        if (v4 && v6) throw new UsageException("-4 and -6 exclude each other");

        try
        {
            if (sniffers) return RunSniffers(json, netns);
            bool anyKind = tcp || udp || raw || unix || packet;
            if (!anyKind) tcp = udp = raw = unix = packet = true;
            // -4/-6 select inet families: as in ss, they drop unix and packet unless asked for.
            if ((v4 || v6) && !anyKind) unix = packet = false;
            var query = new SocketQuery
            {
                Tcp = tcp, Udp = udp, Raw = raw, Unix = unix, Packet = packet,
                Ipv4 = !v6, Ipv6 = !v4,
                States = all ? SocketQuery.AllStates : listening ? SocketQuery.ListeningStates : SocketQuery.ConnectedStates,
                Owners = processes || json,
                NetworkNamespace = netns,
            };
            SocketListing listing = SocketTable.Query(query);
            IReadOnlyDictionary<int, string> names = InterfaceNames(netns);
            using Stream stdout = Console.OpenStandardOutput();
            if (json)
            {
                SocketJson.WriteListing(listing, names, stdout);
            }
            else
            {
                int kinds = (tcp ? 1 : 0) + (udp ? 1 : 0) + (raw ? 1 : 0) + (unix ? 1 : 0) + (packet ? 1 : 0);
                bool showNetId = kinds > 1 || unix || packet;
                bool showState = all || listening || !(packet && kinds == 1);
                new SocketListPrinter(numeric, showNetId, showState, processes, names).Write(listing, stdout);
            }
            foreach (string hidden in listing.Hidden) Console.Error.WriteLine("sockscope sockets: " + hidden);
            return CommandRunner.Success;
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
    }

    private static int RunSniffers(bool json, string? netns)
    {
        SnifferReport report = SnifferDetector.Find(netns);
        if (json)
        {
            using Stream stdout = Console.OpenStandardOutput();
            SocketJson.WriteSniffers(report, stdout);
            foreach (string hidden in report.Hidden) Console.Error.WriteLine("sockscope sockets: " + hidden);
            return CommandRunner.Success;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 160;   // a pipe has no width; do not wrap columns
        if (report.Sniffers.Count == 0)
        {
            Console.Out.WriteLine("no process holds a packet or raw IP socket");
        }
        else
        {
            var table = new Table().AddColumns("PID", "Command", "FD", "Socket", "Protocol", "Interface", "Promisc", "Filter");
            foreach (Sniffer s in report.Sniffers)
            {
                string protocol = s.Socket switch
                {
                    PacketSocketInfo p => SocketConstantNames.EtherType(p.EtherType),
                    InetSocketInfo i => SocketConstantNames.IpProtocol(i.Protocol) + (i.LocalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? " (v6)" : ""),
                    _ => "?",
                };
                string filter = s.Filter.Count == 0 ? "-" : $"{s.Filter.Count} instructions";
                table.AddRow(Markup.Escape(s.Owner?.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"),
                    Markup.Escape(s.Owner?.Command ?? "?"), Markup.Escape(s.Owner?.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"),
                    s.Socket.NetId, Markup.Escape(protocol), Markup.Escape(s.Interface), s.Promiscuous ? "yes" : "no", filter);
            }
            console.Write(table);
            foreach (Sniffer s in report.Sniffers.Where(s => s.Filter.Count > 0 && s.Owner is not null))
            {
                Console.Out.WriteLine($"filter of {s.Owner!.Value.Command} pid {s.Owner.Value.Pid} fd {s.Owner.Value.Fd}:");
                Console.Out.Write(FilterText.Disassemble(s.Filter));
            }
        }
        Console.Out.WriteLine(report.PromiscuousInterfaces.Count == 0
            ? "no interface is in promiscuous mode"
            : "promiscuous interfaces: " + string.Join(", ", report.PromiscuousInterfaces.Select(l => $"{l.Name} (promiscuity {l.Promiscuity})")));
        foreach (string hidden in report.Hidden) Console.Error.WriteLine("sockscope sockets: " + hidden);
        return CommandRunner.Success;
    }

    private static IReadOnlyDictionary<int, string> InterfaceNames(string? netns)
    {
        using NetlinkSocket route = NetlinkSocket.Open(NetlinkSocket.Route, netns);
        return RtNetlink.DumpLinks(route).ToDictionary(l => l.Index, l => l.Name);
    }
}
