using SockScope.Net.Interop;

namespace SockScope.Net;

/// <summary>
/// Turns the errno an Interop wrapper returns into the exception a user reads: the words (which
/// capability is missing, how to grant it) are chosen here, above Interop/, never inside it.
/// </summary>
internal static class SyscallErrors
{
    /// <summary>The capabilities a packet or raw socket needs, and how to grant them.</summary>
    internal const string RawSocketCapability = "CAP_NET_RAW";
    internal const string RawSocketHowToGrant = "run as root or grant it with `sudo setcap cap_net_raw,cap_net_admin+eip $(which sockscope)`";

    /// <summary>Throws <see cref="NetOperationException"/> for <paramref name="what"/> unless <paramref name="errno"/> is <see cref="Errno.None"/>.</summary>
    internal static void ThrowIfFailed(this Errno errno, string what)
    {
        if (errno != Errno.None) throw new NetOperationException(what, errno);
    }

    /// <summary>As <see cref="ThrowIfFailed"/>, but EPERM and EACCES on a socket call name the missing capability.</summary>
    internal static void ThrowIfSocketCallFailed(this Errno errno, string what)
    {
        if (errno != Errno.None) throw SocketCallFailed(what, errno);
    }

    /// <summary>EPERM and EACCES on socket and promiscuous calls mean a missing capability; say which and how to grant it.</summary>
    internal static NetOperationException SocketCallFailed(string what, Errno errno) => errno is Errno.EPERM or Errno.EACCES
        ? new MissingPrivilegeException(what, errno, RawSocketCapability, RawSocketHowToGrant)
        : new NetOperationException(what, errno);
}
