using System.Net;
using System.Net.Sockets;

namespace SockScope.Net.Injection;

/// <summary>
/// The socket steps every sender takes alike: opening a raw socket, where a missing CAP_NET_RAW
/// is reported as such, and sending, where the kernel's refusals become typed errors
/// (<see cref="SendErrors"/>).
/// </summary>
internal static class SenderSockets
{
    /// <summary>Opens a SOCK_RAW socket of <paramref name="family"/> and <paramref name="protocol"/>, bound to <paramref name="device"/> (SO_BINDTODEVICE) when one is given.</summary>
    /// <param name="family">The address family (AF_INET, AF_INET6, AF_PACKET).</param>
    /// <param name="protocol">The protocol number the socket is opened with.</param>
    /// <param name="what">What the socket is, for the error message ("raw IPv4 socket").</param>
    /// <param name="device">The interface to bind to, or null for none.</param>
    public static Socket OpenRaw(AddressFamily family, ProtocolType protocol, string what, string? device = null)
    {
        Socket socket;
        try
        {
            socket = new Socket(family, SocketType.Raw, protocol);
        }
        catch (SocketException e)
        {
            throw SendErrors.Privilege(what, e);
        }
        if (device is not null) socket.BindToDevice(device);
        return socket;
    }

    /// <summary>Sends <paramref name="packet"/> to an address already in the kernel's form; returns the bytes the kernel took.</summary>
    public static int SendTo(Socket socket, ReadOnlySpan<byte> packet, SocketAddress destination)
    {
        try
        {
            return socket.SendTo(packet, SocketFlags.None, destination);
        }
        catch (SocketException e)
        {
            throw SendErrors.Send(e);
        }
    }
}
