using SockScope.Net.Netlink;

namespace SockScope.Net.Observability;

/// <summary>
/// One process holding a socket that sees raw traffic: an AF_PACKET socket (tcpdump, dhclient,
/// netsniff-ng) or a raw IP socket (ping, a scanner).
/// </summary>
public sealed record Sniffer(SocketOwner? Owner, SocketInfo Socket, string Interface, bool Promiscuous)
{
    /// <summary>The classic BPF filter the socket attached (packet sockets only), empty for none.</summary>
    public IReadOnlyList<ClassicBpfInstruction> Filter => Socket is PacketSocketInfo p ? p.Filter : [];
}

/// <summary>Everything --sniffers shows: who holds raw or packet sockets, and which interfaces are promiscuous.</summary>
public sealed record SnifferReport(IReadOnlyList<Sniffer> Sniffers, IReadOnlyList<LinkInfo> PromiscuousInterfaces, IReadOnlyList<string> Hidden);

/// <summary>Finds the processes that can see raw traffic, like a rootkit hunter's sniffer check: every AF_PACKET and raw IP socket with its owners, and every interface in promiscuous mode.</summary>
public static class SnifferDetector
{
    /// <summary>Lists every packet and raw socket (any state) with its owning processes, sorted by pid (sockets with no visible owner last), and the interfaces whose IFF_PROMISC flag is set.</summary>
    /// <param name="networkNamespace">A named network namespace (/run/netns/NAME) to look in; null for this process's own.</param>
    /// <returns>The sniffers, the promiscuous interfaces, and notes on what could not be seen without root.</returns>
    public static SnifferReport Find(string? networkNamespace = null)
    {
        SocketListing listing = SocketTable.Query(new SocketQuery
        {
            Raw = true,
            Packet = true,
            States = SocketQuery.AllStates,
            Owners = true,
            NetworkNamespace = networkNamespace,
        });
        List<LinkInfo> links;
        using (NetlinkSocket route = NetlinkSocket.Open(Interop.NetlinkNative.NETLINK_ROUTE, networkNamespace))
            links = RtNetlink.DumpLinks(route);
        var names = links.ToDictionary(l => l.Index, l => l.Name);
        string InterfaceName(uint index) => index == 0 ? "any" : names.TryGetValue((int)index, out string? n) ? n : "#" + index;

        var sniffers = new List<Sniffer>();
        foreach (SocketInfo socket in listing.Sockets)
        {
            (string iface, bool promiscuous) = socket switch
            {
                PacketSocketInfo p => (InterfaceName(p.InterfaceIndex), p.Promiscuous),
                InetSocketInfo i => (InterfaceName(i.InterfaceIndex), false),
                _ => ("?", false),
            };
            IReadOnlyList<SocketOwner> owners = listing.Owners.Of(socket.Inode);
            if (owners.Count == 0) sniffers.Add(new Sniffer(null, socket, iface, promiscuous));
            foreach (SocketOwner owner in owners) sniffers.Add(new Sniffer(owner, socket, iface, promiscuous));
        }
        sniffers.Sort((a, b) => (a.Owner?.Pid ?? int.MaxValue).CompareTo(b.Owner?.Pid ?? int.MaxValue));
        return new SnifferReport(sniffers, links.Where(l => l.Promiscuous).ToList(), listing.Hidden);
    }
}
