using System.Net;
using System.Net.Sockets;

namespace SockScope.Cli.Commands;

/// <summary>Host resolution and source-address discovery shared by ping, traceroute and send.</summary>
internal static class ProbeTargets
{
    /// <summary>An address literal as is, else the first address of the wanted family from the resolver.</summary>
    public static IPAddress Resolve(string host, AddressFamily? family)
    {
        if (IPAddress.TryParse(host, out IPAddress? literal))
        {
            if (family is not null && literal.AddressFamily != family)
                throw new CommandException($"{host}: address family does not match -{(family == AddressFamily.InterNetwork ? 4 : 6)}");
            return literal;
        }
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException)
        {
            throw new CommandException($"{host}: Name or service not known");
        }
        return addresses.FirstOrDefault(a => family is null ? a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 : a.AddressFamily == family)
            ?? throw new CommandException($"{host}: no {(family == AddressFamily.InterNetworkV6 ? "IPv6" : family == AddressFamily.InterNetwork ? "IPv4" : "")} address");
    }

    /// <summary>
    /// The source address the kernel would pick towards <paramref name="target"/> (or the given one):
    /// a UDP socket connected there, which sends nothing, tells it.
    /// </summary>
    public static IPAddress SourceFor(IPAddress target, IPAddress? source = null, string? device = null)
    {
        if (source is not null) return source;
        using var probe = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (device is not null)
                probe.SetRawSocketOption(1, 25, System.Text.Encoding.ASCII.GetBytes(device + "\0")); // SO_BINDTODEVICE
            // Connecting a UDP socket to a broadcast address is refused (EACCES) without SO_BROADCAST.
            if (target.AddressFamily == AddressFamily.InterNetwork) probe.EnableBroadcast = true;
            probe.Connect(new IPEndPoint(target, 9));
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException e)
        {
            throw new CommandException($"no route to {target}{(device is null ? "" : " on " + device)}: {e.Message}");
        }
    }
}
