namespace SockScope.Net.Observability;

/// <summary>
/// One traced socket call: who made it, its arguments as passed (the raw values), the bytes its
/// pointer argument pointed at (sockaddr, option value or accepted peer), and what it returned.
/// </summary>
public sealed record SocketCallEvent
{
    public required DateTime Time { get; init; }
    public required int Pid { get; init; }
    public required int Tid { get; init; }
    /// <summary>The caller's uid, null where the source cannot tell (the tracefs fallback).</summary>
    public uint? Uid { get; init; }
    public required string Command { get; init; }
    public required WatchedSyscall Syscall { get; init; }
    public required long[] Arguments { get; init; }
    /// <summary>The sockaddr of bind/connect, the peer of accept/accept4, the option value of setsockopt; empty when not captured.</summary>
    public byte[] Data { get; init; } = [];
    /// <summary>The return value; null when the exit was not seen (the watch stopped first, or it was lost).</summary>
    public long? Return { get; init; }
}
