namespace SockScope.Net.Observability;

/// <summary>
/// One traced socket call: who made it, its arguments as passed (the raw values), the bytes its
/// pointer argument pointed at (sockaddr, option value or accepted peer), and what it returned.
/// </summary>
public sealed record SocketCallEvent
{
    /// <summary>When the call entered the kernel, local time (converted from CLOCK_MONOTONIC).</summary>
    public required DateTime Time { get; init; }
    /// <summary>The caller's process id (thread group id).</summary>
    public required int Pid { get; init; }
    /// <summary>The calling thread's id.</summary>
    public required int Tid { get; init; }
    /// <summary>The caller's uid, null where the source cannot tell (the tracefs fallback).</summary>
    public uint? Uid { get; init; }
    /// <summary>The caller's command name (comm, at most 15 bytes).</summary>
    public required string Command { get; init; }
    /// <summary>Which system call this is.</summary>
    public required WatchedSyscall Syscall { get; init; }
    /// <summary>The syscall's six argument registers as raw values (socket: family, type, protocol; bind and connect: fd, sockaddr pointer, length; ...).</summary>
    public required long[] Arguments { get; init; }
    /// <summary>The sockaddr of bind/connect, the peer of accept/accept4, the option value of setsockopt; empty when not captured.</summary>
    public byte[] Data { get; init; } = [];
    /// <summary>The return value; null when the exit was not seen (the watch stopped first, or it was lost).</summary>
    public long? Return { get; init; }
}
