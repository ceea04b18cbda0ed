namespace SockScope.Net.Observability;

/// <summary>The socket calls `watch` traces. The numbers are SockScope's own, carried in each event.</summary>
public enum WatchedSyscall : byte
{
    /// <summary><c>socket(family, type, protocol)</c>: creates a socket.</summary>
    Socket = 1,
    /// <summary><c>bind(fd, addr, addrlen)</c>: gives a socket its local address; the event carries the sockaddr.</summary>
    Bind = 2,
    /// <summary><c>connect(fd, addr, addrlen)</c>: connects to a peer; the event carries the sockaddr.</summary>
    Connect = 3,
    /// <summary><c>listen(fd, backlog)</c>: marks a stream socket as accepting connections.</summary>
    Listen = 4,
    /// <summary><c>accept(fd, addr, addrlen)</c>: takes a connection; the event carries the peer's sockaddr.</summary>
    Accept = 5,
    /// <summary><c>accept4(fd, addr, addrlen, flags)</c>: accept with SOCK_NONBLOCK / SOCK_CLOEXEC flags; the event carries the peer's sockaddr.</summary>
    Accept4 = 6,
    /// <summary><c>setsockopt(fd, level, optname, optval, optlen)</c>: sets an option (a filter, a packet membership ...); the event carries the option value.</summary>
    Setsockopt = 7,
}

/// <summary>What each traced syscall is called and which of its arguments point at bytes worth copying.</summary>
public static class WatchedSyscalls
{
    /// <summary>Every watched call, in enum order.</summary>
    public static readonly IReadOnlyList<WatchedSyscall> All =
        [WatchedSyscall.Socket, WatchedSyscall.Bind, WatchedSyscall.Connect, WatchedSyscall.Listen, WatchedSyscall.Accept, WatchedSyscall.Accept4, WatchedSyscall.Setsockopt];

    /// <summary>The syscall's name as the kernel's tracepoints spell it (socket, bind, accept4 ...).</summary>
    public static string Name(WatchedSyscall s) => s switch
    {
        WatchedSyscall.Socket => "socket",
        WatchedSyscall.Bind => "bind",
        WatchedSyscall.Connect => "connect",
        WatchedSyscall.Listen => "listen",
        WatchedSyscall.Accept => "accept",
        WatchedSyscall.Accept4 => "accept4",
        WatchedSyscall.Setsockopt => "setsockopt",
        _ => "syscall" + (int)s,
    };

    /// <summary>The call named <paramref name="name"/> (case-insensitive, e.g. <c>connect</c>); null when it is not one of the watched calls.</summary>
    public static WatchedSyscall? Parse(string name) =>
        All.Cast<WatchedSyscall?>().FirstOrDefault(s => Name(s!.Value).Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The argument positions (in the tracepoint's order) of a user pointer and its length read
    /// at entry: bind and connect's sockaddr, setsockopt's option value.
    /// </summary>
    internal static (int Pointer, int Length)? EnterCapture(WatchedSyscall s) => s switch
    {
        WatchedSyscall.Bind or WatchedSyscall.Connect => (1, 2),
        WatchedSyscall.Setsockopt => (3, 4),
        _ => null,
    };

    /// <summary>accept/accept4 fill the peer address by the time they return: pointer and pointer-to-length.</summary>
    internal static (int Pointer, int LengthPointer)? ExitCapture(WatchedSyscall s) => s switch
    {
        WatchedSyscall.Accept or WatchedSyscall.Accept4 => (1, 2),
        _ => null,
    };
}

/// <summary>Layout of the records the watch programs write into the ring buffer (SockScope's own format).</summary>
internal static class WatchRecordOffsets
{
    public const int Time = 0;          // u64 bpf_ktime_get_ns (CLOCK_MONOTONIC)
    public const int Tid = 8;           // u32, low half of bpf_get_current_pid_tgid
    public const int Pid = 12;          // u32, high half (the thread group id)
    public const int Uid = 16;          // u32
    public const int Syscall = 20;      // u8 WatchedSyscall
    public const int Phase = 21;        // u8: 0 entry, 1 exit
    public const int DataLength = 22;   // u16 bytes valid in Data
    public const int Command = 24;      // char[16]
    public const int Arguments = 40;    // u64[6]
    public const int Return = 88;       // s64
    public const int Data = 96;         // u8[128]: a sockaddr or an option value
    public const int DataCapacity = 128;
    public const int SmallSize = Data;
    public const int FullSize = Data + DataCapacity;
    public const int ArgumentCount = 6;
}
