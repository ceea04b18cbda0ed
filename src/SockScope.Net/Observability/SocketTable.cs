using SockScope.Net.Netlink;

namespace SockScope.Net.Observability;

/// <summary>Which sockets to list, in ss's terms.</summary>
public sealed record SocketQuery
{
    /// <summary>List TCP sockets (ss -t).</summary>
    public bool Tcp { get; init; }
    /// <summary>List UDP sockets (ss -u).</summary>
    public bool Udp { get; init; }
    /// <summary>List raw IP sockets (ss -w).</summary>
    public bool Raw { get; init; }
    /// <summary>List unix domain sockets (ss -x).</summary>
    public bool Unix { get; init; }
    /// <summary>List AF_PACKET sockets (ss -0).</summary>
    public bool Packet { get; init; }
    /// <summary>Include IPv4 sockets of the selected IP kinds (ss -4 alone turns IPv6 off); true by default.</summary>
    public bool Ipv4 { get; init; } = true;
    /// <summary>Include IPv6 sockets of the selected IP kinds; true by default.</summary>
    public bool Ipv6 { get; init; } = true;
    /// <summary>Bit (1 &lt;&lt; state) for each state to list; packet sockets have no state and are always listed.</summary>
    public uint States { get; init; } = ConnectedStates;
    /// <summary>Read /proc to name the processes that hold each socket (ss -p).</summary>
    public bool Owners { get; init; }
    /// <summary>List the sockets of this network namespace (/run/netns/NAME) instead of our own.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>ss's default: every state except LISTEN, UNCONN (close), TIME-WAIT and SYN-RECV.</summary>
    public const uint ConnectedStates = SockDiag.AllStates &
        ~((1u << (int)SocketState.Listen) | (1u << (int)SocketState.Close) | (1u << (int)SocketState.TimeWait) | (1u << (int)SocketState.SynReceived));
    /// <summary>ss -l: listening and unconnected sockets.</summary>
    public const uint ListeningStates = (1u << (int)SocketState.Listen) | (1u << (int)SocketState.Close);
    /// <summary>Every state, for ss -a.</summary>
    public const uint AllStates = SockDiag.AllStates;
}

/// <summary>The sockets found, their owners, and what could not be seen.</summary>
public sealed record SocketListing(IReadOnlyList<SocketInfo> Sockets, SocketOwners Owners, IReadOnlyList<string> Hidden);

/// <summary>Lists sockets through sock_diag, in ss's order (unix, raw, udp, tcp, packet), with owners.</summary>
public static class SocketTable
{
    /// <summary>Lists the sockets <paramref name="query"/> selects, in ss's order, with their owners when asked.</summary>
    /// <returns>The sockets, their owners, and notes about what could not be seen (a family the kernel has no sock_diag handler for, processes of other users without root).</returns>
    /// <exception cref="NetOperationException">When the sock_diag socket cannot be opened (or the namespace entered).</exception>
    public static SocketListing Query(SocketQuery query)
    {
        var sockets = new List<SocketInfo>();
        var hidden = new List<string>();
        using (NetlinkSocket diag = NetlinkSocket.Open(Interop.NetlinkNative.NETLINK_SOCK_DIAG, query.NetworkNamespace))
        {
            if (query.Unix) Collect(hidden, "unix", () => SockDiag.DumpUnix(diag, sockets, query.States));
            foreach (SocketKind kind in new[] { SocketKind.Raw, SocketKind.Udp, SocketKind.Tcp })
            {
                bool wanted = kind switch { SocketKind.Raw => query.Raw, SocketKind.Udp => query.Udp, _ => query.Tcp };
                if (!wanted) continue;
                if (query.Ipv4) CollectInet(diag, kind, ipv6: false, sockets, query, hidden);
                if (query.Ipv6) CollectInet(diag, kind, ipv6: true, sockets, query, hidden);
            }
            if (query.Packet) Collect(hidden, "packet", () => SockDiag.DumpPacket(diag, sockets));
        }
        SocketOwners owners = SocketOwners.Empty;
        if (query.Owners)
        {
            owners = SocketOwners.Scan();
            if (owners.HiddenProcesses > 0)
                hidden.Add($"owners of sockets in {owners.HiddenProcesses} processes of other users are hidden (run as root to see them)");
        }
        if (!Environment.IsPrivilegedProcess && query.Packet)
            hidden.Add("attached filters and ring settings of packet sockets need root (CAP_NET_ADMIN) to be shown");
        return new SocketListing(sockets, owners, hidden);
    }

    private static void CollectInet(NetlinkSocket diag, SocketKind kind, bool ipv6, List<SocketInfo> sockets, SocketQuery query, List<string> hidden)
    {
        try
        {
            SockDiag.DumpInet(diag, kind, ipv6, sockets, query.States);
        }
        catch (NetOperationException e) when (kind == SocketKind.Raw && e.Errno == Interop.Errno.ENOENT)
        {
            // No raw_diag in this kernel: /proc/net/raw has the same sockets (ss does the same). It
            // shows the namespace of the thread that reads it, so another namespace is read from inside.
            if (query.NetworkNamespace is null) ProcNetRawReader.Read(ipv6, sockets, query.States);
            else sockets.AddRange(NetworkNamespaceThread.Run(query.NetworkNamespace, () =>
            {
                var inside = new List<SocketInfo>();
                ProcNetRawReader.Read(ipv6, inside, query.States, "/proc/thread-self/net");
                return inside;
            }));
        }
        catch (NetOperationException e) when (IsHiding(e.Errno))
        {
            hidden.Add(Note(kind.ToString().ToLowerInvariant() + (ipv6 ? "6" : ""), e.Errno));
        }
    }

    // One family failing (module missing, not permitted) must not hide the others: note it and go on.
    private static void Collect(List<string> hidden, string what, Action dump)
    {
        try
        {
            dump();
        }
        catch (NetOperationException e) when (IsHiding(e.Errno))
        {
            hidden.Add(Note(what, e.Errno));
        }
    }

    private static bool IsHiding(Interop.Errno errno) =>
        errno is Interop.Errno.EPERM or Interop.Errno.EACCES or Interop.Errno.ENOENT or Interop.Errno.EOPNOTSUPP or Interop.Errno.EINVAL;

    private static string Note(string what, Interop.Errno errno) => errno is Interop.Errno.EPERM or Interop.Errno.EACCES
        ? $"{what} sockets are hidden: {NetOperationException.Describe(errno)} (run as root)"
        : $"{what} sockets are not available from this kernel ({NetOperationException.Describe(errno)})";
}
