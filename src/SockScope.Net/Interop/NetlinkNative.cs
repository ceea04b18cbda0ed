using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// Netlink's constants and setns(2), the one call netlink needs beyond the socket calls of
/// <see cref="LinuxSocketCalls"/> (a socket opened inside another network namespace).
/// </summary>
internal static partial class NetlinkNative
{
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_SOCK_DIAG = 4;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_EXT_ACK = 11;
    public const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(LibC.Name, EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespaceCall(int fd, int nstype);

    /// <summary>setns(2): moves the calling thread into the namespace behind <paramref name="namespaceFile"/>.</summary>
    public static Errno SetNamespace(SafeHandle namespaceFile, int nstype)
    {
        using var fd = new BorrowedDescriptor(namespaceFile);
        return SetNamespaceCall(fd.Value, nstype) == 0 ? Errno.None : LibC.LastErrno();
    }
}
