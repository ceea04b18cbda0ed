// Task 4: list sockets with their owning processes (like ss -tuap).
// usage: ListSockets      (root sees every process's sockets; others only their own owners)
using SockScope.Net.Netlink;
using SockScope.Net.Observability;

SocketListing listing = SocketTable.Query(new SocketQuery
{
    Tcp = true,
    Udp = true,
    States = SocketQuery.AllStates,
    Owners = true,
});

foreach (SocketInfo socket in listing.Sockets)
{
    if (socket is not InetSocketInfo inet) continue;
    string owners = string.Join(",", listing.Owners.Of(socket.Inode).Select(o => $"{o.Command}({o.Pid})"));
    Console.WriteLine($"{socket.NetId,-5} {socket.StateName,-10} {inet.LocalAddress}:{inet.LocalPort} -> {inet.RemoteAddress}:{inet.RemotePort}  {owners}");
}
Console.WriteLine($"{listing.Sockets.Count} sockets");
return 0;
