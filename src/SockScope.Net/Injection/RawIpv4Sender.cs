using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;
using SockScope.Wire.Addresses;

namespace SockScope.Net.Injection;

/// <summary>
/// Sends whole IPv4 packets, header included, on a raw IPPROTO_RAW socket (IP_HDRINCL implied):
/// the header goes out as built, with the exceptions raw(7) lists: the kernel always writes the
/// total length and header checksum, and fills a zero source address and a zero identification.
/// The destination is read from the packet's own header. Any protocol number 0-255 can be carried.
/// </summary>
public sealed class RawIpv4Sender : IDisposable
{
    private readonly Socket _socket;
    private Ipv4Address _lastDestination;
    private SocketAddress? _lastAddress;

    /// <summary>Opens a raw IPPROTO_RAW socket with SO_BROADCAST on.</summary>
    /// <param name="device">When given, the socket is bound to this interface (SO_BINDTODEVICE) so packets leave through it whatever the routes say; null sends where the routing table decides.</param>
    /// <exception cref="MissingPrivilegeException">Without CAP_NET_RAW.</exception>
    public RawIpv4Sender(string? device = null)
    {
        try
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
        }
        catch (SocketException e)
        {
            throw SendErrors.Privilege("raw IPv4 socket", e);
        }
        // A crafted packet may go to a broadcast address (255.255.255.255 or a subnet's): without
        // SO_BROADCAST the kernel refuses it with EACCES, which would read as a privilege problem.
        _socket.EnableBroadcast = true;
        if (device is not null) _socket.BindToDevice(device);
    }

    /// <summary>Sends one packet; returns the bytes the kernel took.</summary>
    public int Send(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 20 || packet[0] >> 4 == 6)
            throw new ArgumentException("not an IPv4 packet (too short or version 6)", nameof(packet));
        Ipv4Address destination = Ipv4Address.Read(packet[16..]);
        if (_lastAddress is null || destination != _lastDestination)
        {
            _lastAddress = new IPEndPoint(destination.ToIPAddress(), 0).Serialize();
            _lastDestination = destination;
        }
        try
        {
            return _socket.SendTo(packet, SocketFlags.None, _lastAddress);
        }
        catch (SocketException e)
        {
            throw SendErrors.Send(e);
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}

/// <summary>The senders' common error translation.</summary>
internal static class SendErrors
{
    public static NetOperationException Privilege(string what, SocketException e) =>
        e.SocketErrorCode == SocketError.AccessDenied
            ? new MissingPrivilegeException(what, Errno.EPERM, "CAP_NET_RAW", "run as root or `sudo setcap cap_net_raw+ep` on the program")
            : new NetOperationException("socket", Errno.EINVAL, $"cannot open a {what}: {e.Message}");

    public static NetOperationException Send(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.NetworkUnreachable => new NetOperationException("sendto", Errno.ENETUNREACH),
        SocketError.HostUnreachable => new NetOperationException("sendto", Errno.EHOSTUNREACH),
        SocketError.MessageSize => new NetOperationException("sendto", Errno.EMSGSIZE, "sendto: packet larger than the interface MTU"),
        SocketError.AccessDenied => new NetOperationException("sendto", Errno.EACCES, "sendto: permission denied (a broadcast destination needs SO_BROADCAST, or a firewall refused it)"),
        SocketError.NoBufferSpaceAvailable => new NetOperationException("sendto", Errno.ENOBUFS),
        SocketError.NetworkDown => new NetOperationException("sendto", Errno.ENETDOWN),
        _ => new NetOperationException("sendto", Errno.EINVAL, $"sendto: {e.Message}"),
    };
}
