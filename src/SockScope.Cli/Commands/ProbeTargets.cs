using System.Net;
using System.Net.Sockets;

namespace SockScope.Cli.Commands;

/// <summary>Host resolution shared by ping, traceroute and send (the source address is the library's <see cref="SockScope.Net.Probing.SourceAddress"/>).</summary>
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
}
