namespace SockScope.Net.Observability;

/// <summary>The socket calls `watch` traces. The numbers are SockScope's own, carried in each event.</summary>
public enum WatchedSyscall : byte
{
    Socket = 1,
    Bind = 2,
    Connect = 3,
    Listen = 4,
    Accept = 5,
    Accept4 = 6,
    Setsockopt = 7,
}

/// <summary>What each traced syscall is called and which of its arguments point at bytes worth copying.</summary>
public static class WatchedSyscalls
{
    public static readonly IReadOnlyList<WatchedSyscall> All =
        [WatchedSyscall.Socket, WatchedSyscall.Bind, WatchedSyscall.Connect, WatchedSyscall.Listen, WatchedSyscall.Accept, WatchedSyscall.Accept4, WatchedSyscall.Setsockopt];

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
