using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;

namespace SockScope.Net.Injection;

/// <summary>
/// Sends whole link-layer frames on one interface through an AF_PACKET SOCK_RAW socket: the bytes
/// go to the driver as they are (Ethernet header included, no checksum or length touched). The
/// socket is opened with protocol 0, so it receives nothing and costs no capture work.
/// </summary>
public sealed class PacketSocketSender : IDisposable
{
    private const int SockaddrLlSize = 20;
    private readonly Socket _socket;
    private readonly SocketAddress _address;

    /// <summary>Opens an AF_PACKET SOCK_RAW socket that sends on <paramref name="device"/>.</summary>
    /// <param name="device">The interface name, e.g. <c>eth0</c>.</param>
    /// <exception cref="NetOperationException">When no interface has that name (ENODEV).</exception>
    /// <exception cref="MissingPrivilegeException">Without CAP_NET_RAW.</exception>
    public PacketSocketSender(string device)
    {
        InterfaceIndex = RawSocketInterop.InterfaceIndex(device);
        if (InterfaceIndex == 0)
            throw new NetOperationException("if_nametoindex", Errno.ENODEV, $"no interface named '{device}'");
        Device = device;
        _socket = SenderSockets.OpenRaw(AddressFamily.Packet, (ProtocolType)0, "packet socket");
        // struct sockaddr_ll: family, protocol (big endian), ifindex, hatype, pkttype, halen, addr[8].
        _address = new SocketAddress(AddressFamily.Packet, SockaddrLlSize);
        Span<byte> sll = _address.Buffer.Span;
        BinaryPrimitives.WriteInt32LittleEndian(sll[4..], InterfaceIndex);
    }

    /// <summary>The interface name the frames go out on.</summary>
    public string Device { get; }
    /// <summary>The interface's index (ifindex), as written into sockaddr_ll.</summary>
    public int InterfaceIndex { get; }

    /// <summary>Sends one frame; the protocol field of the address follows the frame's EtherType.</summary>
    public int Send(ReadOnlySpan<byte> frame)
    {
        Span<byte> sll = _address.Buffer.Span;
        if (frame.Length >= 14) sll[2] = frame[12];
        if (frame.Length >= 14) sll[3] = frame[13];
        return SenderSockets.SendTo(_socket, frame, _address);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
