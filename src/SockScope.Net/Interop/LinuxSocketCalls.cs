using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// The BSD socket calls SockScope needs on sockets that System.Net.Sockets.Socket cannot hold
/// (AF_PACKET with a mapped ring, AF_NETLINK): socket, bind, setsockopt, getsockopt, send, recv.
/// Each is declared once; the wrappers return errno (<see cref="Errno.None"/> on success) and the
/// callers turn it into an exception with the words a user needs.
/// </summary>
internal static unsafe partial class LinuxSocketCalls
{
    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int AF_NETLINK = 16;
    internal const int AF_PACKET = 17;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SOCK_CLOEXEC = 0x80000;

    internal const int SOL_SOCKET = 1;
    internal const int SO_ERROR = 4;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_ATTACH_FILTER = 26;
    internal const int SO_DETACH_FILTER = 27;
    internal const int SO_LOCK_FILTER = 44;

    internal const int MSG_DONTWAIT = 0x40;

    [LibraryImport(LibC.Name, EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int domain, int type, int protocol);

    [LibraryImport(LibC.Name, EntryPoint = "bind", SetLastError = true)]
    private static partial int BindCall(FileDescriptorHandle fd, void* address, int addressLength);

    [LibraryImport(LibC.Name, EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOptCall(FileDescriptorHandle fd, int level, int name, void* value, int valueLength);

    [LibraryImport(LibC.Name, EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOptCall(FileDescriptorHandle fd, int level, int name, void* value, ref int valueLength);

    [LibraryImport(LibC.Name, EntryPoint = "send", SetLastError = true)]
    private static partial nint SendCall(FileDescriptorHandle fd, void* buffer, nuint length, int flags);

    [LibraryImport(LibC.Name, EntryPoint = "recv", SetLastError = true)]
    private static partial nint RecvCall(FileDescriptorHandle fd, void* buffer, nuint length, int flags);

    /// <summary>socket(2): a new descriptor in <paramref name="socket"/>, or the errno (and an invalid handle).</summary>
    internal static Errno Open(int domain, int type, int protocol, out FileDescriptorHandle socket)
    {
        int fd = SocketCall(domain, type, protocol);
        Errno errno = LibC.ErrnoIfNegative(fd);
        socket = new FileDescriptorHandle(fd);
        return errno;
    }

    /// <summary>bind(2).</summary>
    internal static Errno Bind(FileDescriptorHandle fd, void* address, int addressLength) =>
        BindCall(fd, address, addressLength) == 0 ? Errno.None : LibC.LastErrno();

    /// <summary>setsockopt(2) with a value of type <typeparamref name="T"/>.</summary>
    internal static Errno SetOption<T>(FileDescriptorHandle fd, int level, int name, in T value) where T : unmanaged
    {
        T copy = value;
        return SetSockOptCall(fd, level, name, &copy, sizeof(T)) == 0 ? Errno.None : LibC.LastErrno();
    }

    /// <summary>getsockopt(2) into a value of type <typeparamref name="T"/>.</summary>
    internal static Errno GetOption<T>(FileDescriptorHandle fd, int level, int name, out T value) where T : unmanaged
    {
        T result = default;
        int length = sizeof(T);
        Errno errno = GetSockOptCall(fd, level, name, &result, ref length) == 0 ? Errno.None : LibC.LastErrno();
        value = result;
        return errno;
    }

    /// <summary>send(2): the bytes sent, or -1 with <paramref name="errno"/> set.</summary>
    internal static nint Send(FileDescriptorHandle fd, ReadOnlySpan<byte> data, int flags, out Errno errno)
    {
        fixed (byte* p = data)
        {
            nint sent = SendCall(fd, p, (nuint)data.Length, flags);
            errno = LibC.ErrnoIfNegative(sent);
            return sent;
        }
    }

    /// <summary>recv(2): the bytes received, or -1 with <paramref name="errno"/> set.</summary>
    internal static nint Receive(FileDescriptorHandle fd, void* buffer, nuint length, int flags, out Errno errno)
    {
        nint received = RecvCall(fd, buffer, length, flags);
        errno = LibC.ErrnoIfNegative(received);
        return received;
    }
}
