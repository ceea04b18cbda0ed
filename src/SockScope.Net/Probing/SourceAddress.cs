using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;

namespace SockScope.Net.Probing;

/// <summary>Which local address the kernel would send from, the question every probe and crafted packet asks first.</summary>
public static class SourceAddress
{
    /// <summary>
    /// The kernel's source address towards <paramref name="destination"/>, optionally through
    /// <paramref name="device"/>: a UDP socket connected there, which sends nothing, tells it.
    /// Throws <see cref="NetOperationException"/> when there is no such interface or no route.
    /// </summary>
    public static IPAddress Towards(IPAddress destination, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var probe = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (device is not null) probe.BindToDevice(device);
        // Connecting a UDP socket to a broadcast address is refused (EACCES) without SO_BROADCAST.
        if (destination.AddressFamily == AddressFamily.InterNetwork) probe.EnableBroadcast = true;
        try
        {
            probe.Connect(new IPEndPoint(destination, 9));
        }
        catch (SocketException e)
        {
            throw new NetOperationException("connect", Errno.ENETUNREACH,
                $"no route to {destination}{(device is null ? "" : " on " + device)}: {e.Message}");
        }
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
