using System.Buffers.Binary;
using System.Net.Sockets;
using SockScope.Net.Interop;

namespace SockScope.Net;

/// <summary>
/// Socket options the raw, ICMP and probe sockets need that <see cref="Socket"/> has no property
/// for, set through <see cref="Socket.SetRawSocketOption"/> (no P/Invoke): C ints such as IP_TTL or
/// SO_TIMESTAMPNS, and SO_BINDTODEVICE with the words a user needs when the interface is missing.
/// </summary>
internal static class SocketOptions
{
    /// <summary>setsockopt with a C int value (host byte order: little-endian on x86-64 and arm64).</summary>
    public static void SetInt32(this Socket socket, int level, int name, int value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(v, value);
        socket.SetRawSocketOption(level, name, v);
    }

    /// <summary>SO_BINDTODEVICE: the socket sends and receives through <paramref name="device"/> only, whatever the routes say.</summary>
    /// <exception cref="NetOperationException">ENODEV when no interface has that name.</exception>
    public static void BindToDevice(this Socket socket, string device)
    {
        if (RawSocketInterop.InterfaceIndex(device) == 0)
            throw new NetOperationException("SO_BINDTODEVICE", Errno.ENODEV, $"no interface named '{device}'");
        socket.SetRawSocketOption(RawSocketInterop.SolSocket, RawSocketInterop.SoBindToDevice, System.Text.Encoding.ASCII.GetBytes(device + "\0"));
    }
}
