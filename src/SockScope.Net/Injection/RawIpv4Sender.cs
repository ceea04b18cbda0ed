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
        _socket = SenderSockets.OpenRaw(AddressFamily.InterNetwork, ProtocolType.Raw, "raw IPv4 socket", device);
        // A crafted packet may go to a broadcast address (255.255.255.255 or a subnet's): without
        // SO_BROADCAST the kernel refuses it with EACCES, which would read as a privilege problem.
        _socket.EnableBroadcast = true;
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
        return SenderSockets.SendTo(_socket, packet, _lastAddress);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
