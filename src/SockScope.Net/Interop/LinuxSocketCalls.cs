using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// The BSD socket calls SockScope needs on sockets that System.Net.Sockets.Socket cannot hold
/// (AF_PACKET with a mapped ring): socket, bind, setsockopt, getsockopt, recv, close.
/// </summary>
internal static partial class LinuxSocketCalls
{
    internal const string LibC = "libc";

    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int AF_PACKET = 17;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SOCK_CLOEXEC = 0x80000;

    internal const int SOL_SOCKET = 1;
    internal const int SO_RCVBUF = 8;
    internal const int SO_ATTACH_FILTER = 26;
    internal const int SO_DETACH_FILTER = 27;
    internal const int SO_LOCK_FILTER = 44;

    internal const int MSG_DONTWAIT = 0x40;

    [LibraryImport(LibC, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(LibC, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(FileDescriptorHandle fd, void* address, int addressLength);

    [LibraryImport(LibC, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(FileDescriptorHandle fd, int level, int name, void* value, int valueLength);

    [LibraryImport(LibC, EntryPoint = "getsockopt", SetLastError = true)]
    internal static unsafe partial int GetSockOpt(FileDescriptorHandle fd, int level, int name, void* value, ref int valueLength);

    [LibraryImport(LibC, EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint Recv(FileDescriptorHandle fd, void* buffer, nuint length, int flags);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>errno of the call that just failed, as the typed enum.</summary>
    internal static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();

    internal static unsafe void SetOption<T>(FileDescriptorHandle fd, int level, int name, in T value, string what) where T : unmanaged
    {
        T copy = value;
        if (SetSockOpt(fd, level, name, &copy, sizeof(T)) != 0)
            throw SocketCallFailed(what, LastErrno());
    }

    internal static unsafe T GetOption<T>(FileDescriptorHandle fd, int level, int name, string what) where T : unmanaged
    {
        T value = default;
        int length = sizeof(T);
        if (GetSockOpt(fd, level, name, &value, ref length) != 0)
            throw SocketCallFailed(what, LastErrno());
        return value;
    }

    /// <summary>EPERM and EACCES on socket and promiscuous calls mean a missing capability; say which and how to grant it.</summary>
    internal static NetOperationException SocketCallFailed(string what, Errno errno) => errno is Errno.EPERM or Errno.EACCES
        ? new MissingPrivilegeException(what, errno, "CAP_NET_RAW",
            "run as root or grant it with `sudo setcap cap_net_raw,cap_net_admin+eip $(which sockscope)`")
        : new NetOperationException(what, errno);
}

/// <summary>A file descriptor closed with close(2) when released.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle() : base(-1, ownsHandle: true) { }
    public FileDescriptorHandle(int fd) : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle.ToInt64() < 0;
    public int Value => (int)handle;

    protected override bool ReleaseHandle() => LinuxSocketCalls.Close((int)handle) == 0;
}
