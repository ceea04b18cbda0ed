namespace SockScope.Net.Observability;

/// <summary>What to watch. Pid and command are filtered in the kernel; the rest as events arrive.</summary>
public sealed record SocketWatchOptions
{
    /// <summary>Only calls from this process (its thread group id); null for every process.</summary>
    public int? Pid { get; init; }
    /// <summary>Only calls from tasks with this command name (comm, compared whole, at most 15 bytes); null for every command.</summary>
    public string? Command { get; init; }
    /// <summary>The calls to trace; null for all. Unselected calls get no program attached.</summary>
    public IReadOnlySet<WatchedSyscall>? Syscalls { get; init; }
    /// <summary>Only calls on sockets of this address family (AF_INET = 2, ...).</summary>
    public int? Family { get; init; }
    /// <summary>Only calls on sockets of this base type (SOCK_RAW = 3, ...).</summary>
    public int? Type { get; init; }
    /// <summary>Size of the BPF ring buffer in bytes (a power of two, at least a page).</summary>
    public int RingBufferBytes { get; init; } = 8 << 20;
    /// <summary>Use the tracefs event stream even where eBPF works.</summary>
    public bool ForceTracefs { get; init; }

    /// <summary>The calls to trace, in <see cref="WatchedSyscalls.All"/> order.</summary>
    public IEnumerable<WatchedSyscall> SelectedSyscalls => Syscalls is null ? WatchedSyscalls.All : WatchedSyscalls.All.Where(Syscalls.Contains);
}

/// <summary>A running socket watch, over eBPF or over the tracefs fallback.</summary>
public interface ISocketWatch : IDisposable
{
    /// <summary>"eBPF ring buffer" or "tracefs event stream".</summary>
    string Mechanism { get; }

    /// <summary>Events the kernel could not deliver (ring buffer full), as counted so far.</summary>
    ulong LostEvents { get; }

    /// <summary>Entry and exit records received from the kernel so far.</summary>
    long RecordsReceived { get; }

    /// <summary>Delivers events until <paramref name="onEvent"/> returns false or the token is cancelled; then delivers calls still waiting for their exit.</summary>
    void Run(Func<SocketCallEvent, bool> onEvent, CancellationToken cancellation);
}

/// <summary>Starts the best watch the kernel allows: eBPF, or tracefs when eBPF is not permitted.</summary>
public static class SocketWatcher
{
    /// <param name="options">Which processes and calls to watch.</param>
    /// <param name="fallbackReason">Why eBPF was not used, or null when it was.</param>
    public static ISocketWatch Start(SocketWatchOptions options, out string? fallbackReason)
    {
        fallbackReason = null;
        if (options.ForceTracefs)
        {
            fallbackReason = "tracefs requested";
            return TracefsSocketWatch.Start(options);
        }
        try
        {
            return EbpfSocketWatch.Start(options);
        }
        catch (MissingPrivilegeException e)
        {
            fallbackReason = e.Message;
            try
            {
                return TracefsSocketWatch.Start(options);
            }
            catch (NetOperationException)
            {
                throw e;   // neither works: the eBPF message names the capability needed
            }
            catch (UnauthorizedAccessException)
            {
                throw e;
            }
        }
    }
}
