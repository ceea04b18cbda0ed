using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>socket(AF_NETLINK), send, recv and setns: what netlink needs that System.Net.Sockets cannot do.</summary>
internal static unsafe partial class NetlinkNative
{
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_SOCK_DIAG = 4;
    public const int SOL_SOCKET = 1;
    public const int SO_RCVBUF = 8;
    public const int SO_SNDBUF = 7;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_EXT_ACK = 11;
    public const int CLONE_NEWNET = 0x40000000;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, int* value, int length);

    /// <summary>setns(2): moves the calling thread into the namespace behind <paramref name="fd"/>.</summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int nstype);
}

/// <summary>A file descriptor owned by SockScope (netlink socket, BPF map or program, perf event), closed once.</summary>
internal sealed class KernelFd : SafeHandle
{
    public KernelFd(int fd) : base(-1, ownsHandle: true) => SetHandle(fd);

    public int Value => (int)handle;

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => LinuxSocketCalls.Close((int)handle) == 0;
}
