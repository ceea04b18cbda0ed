using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Observability;

/// <summary>`sockets` against `ss -tuanp` on the same machine at the same moment.</summary>
public partial class SsComparisonTests
{
    private sealed record SsLine(string Key, string Owners);

    [RootFact]
    public void EveryTcpAndUdpSocketSsShowsIsListedWithTheSameStateAndOwners()
    {
        using var sockets = new OwnSockets();
        // ss before and after the library: a socket in both ss runs existed throughout.
        Dictionary<string, SsLine> before = RunSs();
        SocketListing listing = SocketTable.Query(new SocketQuery { Tcp = true, Udp = true, States = SocketQuery.AllStates, Owners = true });
        Dictionary<string, SsLine> after = RunSs();

        var ours = new Dictionary<string, SocketInfo>();
        foreach (InetSocketInfo s in listing.Sockets.Cast<InetSocketInfo>())
            ours[Key(s.NetId, s.StateName, Endpoint(s.LocalAddress, s.LocalPort), Endpoint(s.RemoteAddress, s.RemotePort))] = s;

        List<string> stable = before.Keys.Where(after.ContainsKey).ToList();
        foreach (string expected in sockets.Keys)
            Assert.Contains(expected, stable);
        Assert.True(stable.Count >= sockets.Keys.Count);
        foreach (string key in stable)
        {
            Assert.True(ours.TryGetValue(key, out SocketInfo? mine), $"ss shows {key}, sockscope does not");
            if (before[key].Owners != after[key].Owners) continue;   // a process came or went meanwhile
            string owners = string.Join(",", listing.Owners.Of(mine.Inode).Select(o => $"{o.Pid}/{o.Fd}").Order());
            Assert.Equal(before[key].Owners, owners);
        }
        // Our own sockets are owned by us.
        int self = Environment.ProcessId;
        foreach (string key in sockets.Keys)
            Assert.Contains(listing.Owners.Of(ours[key].Inode), o => o.Pid == self);
    }

    [RootFact]
    public void ListsThousandsOfSocketsWithoutLosingOne()
    {
        const int count = 3000;
        var open = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                open.Add(s);
            }
            var ports = open.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToHashSet();
            SocketListing listing = SocketTable.Query(new SocketQuery { Udp = true, Ipv6 = false, States = SocketQuery.AllStates });
            var listed = listing.Sockets.Cast<InetSocketInfo>().Where(s => s.LocalAddress.Equals(IPAddress.Loopback)).Select(s => s.LocalPort).ToHashSet();
            Assert.Empty(ports.Except(listed));
        }
        finally
        {
            foreach (Socket s in open) s.Dispose();
        }
    }

    private static string Key(string netid, string state, string local, string peer) => $"{netid} {state} {local} {peer}";

    private static string Endpoint(IPAddress address, int port)
    {
        IPAddress a = address;
        string text = a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) ? "*" : a.ToString();
        return text + ":" + (port == 0 ? "*" : port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"pid=(\d+),fd=(\d+)")]
    private static partial Regex OwnerPattern();

    private static Dictionary<string, SsLine> RunSs()
    {
        var result = new Dictionary<string, SsLine>();
        foreach (string line in ToolRunner.Run("ss", "-tuanpH").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (t.Length < 6) continue;
            string owners = string.Join(",", OwnerPattern().Matches(line).Select(m => $"{m.Groups[1].Value}/{m.Groups[2].Value}").Order());
            result[Key(t[0], t[1], Normalize(t[4]), Normalize(t[5]))] = new SsLine(line, owners);
        }
        return result;
    }

    // ss writes [::1]:53, 127.0.0.53%lo:53, *:22, 0.0.0.0:*; make both sides look alike.
    private static string Normalize(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        string address = endpoint[..colon], port = endpoint[(colon + 1)..];
        int percent = address.IndexOf('%');
        if (percent >= 0) address = address[..percent];
        address = address.Trim('[', ']');
        if (address is "0.0.0.0" or "::") address = "*";
        return address + ":" + port;
    }

    /// <summary>TCP listeners and a connection, UDP bound and connected, over IPv4 and IPv6 loopback.</summary>
    private sealed class OwnSockets : IDisposable
    {
        private readonly List<Socket> _sockets = [];
        public List<string> Keys { get; } = [];

        public OwnSockets()
        {
            Socket listen4 = Add(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            listen4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listen4.Listen(16);
            Socket listen6 = Add(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp));
            listen6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            listen6.Listen(16);
            Socket client = Add(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            client.Connect(listen4.LocalEndPoint!);
            Socket server = Add(listen4.Accept());
            Socket udp4 = Add(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
            udp4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Socket udp6 = Add(new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp));
            udp6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            udp6.Connect(new IPEndPoint(IPAddress.IPv6Loopback, 9));

            Keys.Add(Key("tcp", "LISTEN", E(listen4.LocalEndPoint), "*:*"));
            Keys.Add(Key("tcp", "LISTEN", E(listen6.LocalEndPoint), "*:*"));
            Keys.Add(Key("tcp", "ESTAB", E(client.LocalEndPoint), E(client.RemoteEndPoint)));
            Keys.Add(Key("tcp", "ESTAB", E(server.LocalEndPoint), E(server.RemoteEndPoint)));
            Keys.Add(Key("udp", "UNCONN", E(udp4.LocalEndPoint), "*:*"));
            Keys.Add(Key("udp", "ESTAB", E(udp6.LocalEndPoint), E(udp6.RemoteEndPoint)));
        }

        private static string E(EndPoint? endPoint)
        {
            var ip = (IPEndPoint)endPoint!;
            return Endpoint(ip.Address, ip.Port);
        }

        private Socket Add(Socket s)
        {
            _sockets.Add(s);
            return s;
        }

        public void Dispose()
        {
            foreach (Socket s in _sockets) s.Dispose();
        }
    }
}
