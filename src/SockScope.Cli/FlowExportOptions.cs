using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SockScope.Analysis.Export;

namespace SockScope.Cli;

/// <summary>One --export destination: scheme, address and what goes over it.</summary>
/// <param name="Text">The URL as given.</param>
/// <param name="Protocol">IPFIX or NetFlow v9.</param>
/// <param name="Tcp">IPFIX over TCP (ipfix+tcp://) instead of UDP.</param>
/// <param name="Endpoint">The collector's address and port.</param>
internal sealed record ExportUrl(string Text, ExportProtocol Protocol, bool Tcp, IPEndPoint Endpoint)
{
    /// <summary>IANA's IPFIX port, used when an ipfix URL names none.</summary>
    public const int IpfixPort = 4739;
    /// <summary>The usual NetFlow port, used when a netflow9 URL names none.</summary>
    public const int NetFlowPort = 2055;

    /// <summary>Parses ipfix://HOST[:PORT], ipfix+tcp://HOST[:PORT] or netflow9://HOST[:PORT] (HOST an address, [v6], or a name).</summary>
    public static ExportUrl Parse(string text)
    {
        int sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0) throw new UsageException($"option --export: '{text}' is not a URL (ipfix://HOST:PORT, ipfix+tcp://HOST:PORT or netflow9://HOST:PORT)");
        string scheme = text[..sep].ToLowerInvariant();
        (ExportProtocol protocol, bool tcp, int defaultPort) = scheme switch
        {
            "ipfix" or "ipfix+udp" => (ExportProtocol.Ipfix, false, IpfixPort),
            "ipfix+tcp" => (ExportProtocol.Ipfix, true, IpfixPort),
            "netflow9" or "nfv9" => (ExportProtocol.NetFlow9, false, NetFlowPort),
            _ => throw new UsageException($"option --export: scheme '{scheme}' is not ipfix, ipfix+tcp or netflow9"),
        };
        string rest = text[(sep + 3)..].TrimEnd('/');
        string host;
        int port = defaultPort;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close < 0) throw new UsageException($"option --export: '{text}': missing ']'");
            host = rest[1..close];
            if (close + 1 < rest.Length)
            {
                if (rest[close + 1] != ':') throw new UsageException($"option --export: '{text}': expected ':PORT' after ']'");
                port = ParsePort(text, rest[(close + 2)..]);
            }
        }
        else
        {
            int colon = rest.LastIndexOf(':');
            if (colon >= 0 && rest.IndexOf(':') == colon)
            {
                host = rest[..colon];
                port = ParsePort(text, rest[(colon + 1)..]);
            }
            else host = rest;
        }
        if (host.Length == 0) throw new UsageException($"option --export: '{text}' names no host");
        return new ExportUrl(text, protocol, tcp, new IPEndPoint(Resolve(text, host), port));
    }

    private static int ParsePort(string url, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535
            ? port
            : throw new UsageException($"option --export: '{url}': '{text}' is not a port from 1 to 65535");

    private static IPAddress Resolve(string url, string host)
    {
        if (IPAddress.TryParse(host, out IPAddress? address)) return address;
        try
        {
            IPAddress[] found = Dns.GetHostAddresses(host);
            return found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
                ?? throw new CommandException($"--export {url}: no address for '{host}'");
        }
        catch (SocketException e)
        {
            throw new CommandException($"--export {url}: cannot resolve '{host}': {e.Message}");
        }
    }
}

/// <summary>
/// The flow export options shared by `capture`, `read` and `flows`: --export URL (repeatable),
/// --export-only, --idle-timeout, --active-timeout, --max-flows, --biflow, --template-packets,
/// --template-interval, --observation-domain. A command calls <see cref="TryApply"/> for each
/// option it does not know itself, then <see cref="Validate"/>, and builds a
/// <see cref="FlowExportPipeline"/> when <see cref="Enabled"/>.
/// </summary>
internal sealed class FlowExportOptions
{
    /// <summary>The --help block, the same in every command that exports.</summary>
    public const string HelpText = """
        flow export options (IPFIX, RFC 7011; NetFlow v9, RFC 3954):
          --export URL   send flow records to a collector (nfcapd, nfacctd, goflow2, ...); may be
                         given several times. URL: ipfix://HOST:PORT (UDP), ipfix+tcp://HOST:PORT
                         (TCP, reconnecting, templates re-sent on each connection) or
                         netflow9://HOST:PORT (UDP). Flows are keyed and counted as softflowd 1.1
                         does: one record per direction, every packet from the IP header on
          --export-only  send the records and print nothing on stdout (no packets, no conn.log):
                         for a probe whose stdout nobody reads
          --idle-timeout SEC    export a flow after SEC seconds without a packet (default 15)
          --active-timeout SEC  cut a long flow into a record every SEC seconds (default 1800)
          --max-flows N  flows held at once (default 262144, about 60 MB); past it the least
                         recently seen flow is exported early and counted as evicted
          --biflow       IPFIX only: one RFC 5103 biflow record per flow instead of one per direction
          --template-packets N  UDP: re-send the templates every N messages (default 20)
          --template-interval SEC  UDP: re-send the templates every SEC seconds (default 30)
          --observation-domain ID  IPFIX observation domain / NetFlow v9 source id (default 0)
        TCP flows end 1 s after RST or FIN both ways; a file's flows are all exported at its end,
        a live capture's on Ctrl-C. Records the collector could not take (down, unreachable, too
        slow: the TCP queue holds 4096 messages) are counted and reported on stderr at the end.

        """;

    /// <summary>The collectors, in the order given.</summary>
    public List<ExportUrl> Targets { get; } = [];
    /// <summary>--export-only: no output on stdout.</summary>
    public bool ExportOnly { get; private set; }
    /// <summary>--idle-timeout.</summary>
    public TimeSpan IdleTimeout { get; private set; } = FlowAccountingOptions.DefaultIdleTimeout;
    /// <summary>--active-timeout.</summary>
    public TimeSpan ActiveTimeout { get; set; } = FlowAccountingOptions.DefaultActiveTimeout;
    /// <summary>--max-flows.</summary>
    public int MaxFlows { get; set; } = FlowAccountingOptions.DefaultMaxFlows;
    /// <summary>--biflow.</summary>
    public bool Biflow { get; private set; }
    /// <summary>--template-packets.</summary>
    public int TemplateRefreshMessages { get; private set; } = ExportSessionOptions.DefaultTemplateRefreshMessages;
    /// <summary>--template-interval.</summary>
    public int TemplateRefreshSeconds { get; private set; } = ExportSessionOptions.DefaultTemplateRefreshSeconds;
    /// <summary>--observation-domain.</summary>
    public uint ObservationDomain { get; private set; }

    /// <summary>True when at least one --export was given.</summary>
    public bool Enabled => Targets.Count > 0;

    private bool _anyOption;

    /// <summary>Takes the option if it is a flow export option; false otherwise.</summary>
    public bool TryApply(string option, ArgReader reader)
    {
        switch (option)
        {
            case "export": Targets.Add(ExportUrl.Parse(reader.Value())); return true;
            case "export-only": ExportOnly = true; break;
            case "idle-timeout": IdleTimeout = TimeSpan.FromSeconds(reader.DoubleValue(0.001, 86_400 * 7)); break;
            case "active-timeout": ActiveTimeout = TimeSpan.FromSeconds(reader.DoubleValue(0.001, 86_400 * 30)); break;
            case "max-flows": MaxFlows = reader.IntValue(1, 100_000_000); break;
            case "biflow": Biflow = true; break;
            case "template-packets": TemplateRefreshMessages = reader.IntValue(0, 1_000_000); break;
            case "template-interval": TemplateRefreshSeconds = reader.IntValue(0, 86_400); break;
            case "observation-domain":
                string text = reader.Value();
                ObservationDomain = uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint id)
                    ? id : throw new UsageException($"option --observation-domain: '{text}' is not a number from 0 to 4294967295");
                break;
            default: return false;
        }
        _anyOption = true;
        return true;
    }

    /// <summary>Rejects export options without --export, and biflow towards NetFlow v9.</summary>
    public void Validate()
    {
        if (_anyOption && !Enabled)
            throw new UsageException("--export-only, --idle-timeout, --active-timeout, --max-flows, --biflow, --template-* and --observation-domain need --export URL");
        if (Biflow && Targets.Any(t => t.Protocol != ExportProtocol.Ipfix))
            throw new UsageException("--biflow needs IPFIX (RFC 5103): NetFlow v9 has no reverse fields; drop --biflow or use ipfix:// URLs");
    }
}
