using System.Net.Sockets;
using SockScope.Net.Interop;

namespace SockScope.Net.Injection;

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
