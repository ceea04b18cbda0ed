namespace SockScope.Net.Attribution;

/// <summary>
/// Which processes' packets to keep: any of the pids, any of the uids, the command name, the
/// cgroup. Empty criteria keep everything; several criteria must all hold.
/// </summary>
public sealed record ProcessFilter
{
    /// <summary>Thread group ids (any of them).</summary>
    public IReadOnlyList<int> Pids { get; init; } = [];
    /// <summary>User ids (any of them).</summary>
    public IReadOnlyList<uint> Uids { get; init; } = [];
    /// <summary>A command name, compared as the kernel keeps it (its first 15 bytes).</summary>
    public string? Command { get; init; }
    /// <summary>A cgroup v2 id: only processes in that cgroup (the kernel's id, see <see cref="ProcessInfo.CgroupId"/>).</summary>
    public ulong? CgroupId { get; init; }

    /// <summary>True when no criterion is set.</summary>
    public bool IsEmpty => Pids.Count == 0 && Uids.Count == 0 && Command is null && CgroupId is null;

    /// <summary>Whether <paramref name="process"/> passes; a packet of no known process never does (unless the filter is empty).</summary>
    public bool Matches(ProcessInfo? process)
    {
        if (IsEmpty) return true;
        if (process is null) return false;
        if (Pids.Count > 0 && !Pids.Contains(process.Pid)) return false;
        if (Uids.Count > 0 && !Uids.Contains(process.Uid)) return false;
        if (Command is not null && !string.Equals(Truncate(Command), Truncate(process.Command), StringComparison.Ordinal)) return false;
        if (CgroupId is ulong id && process.CgroupId != id) return false;
        return true;
    }

    private static string Truncate(string comm) => comm.Length > 15 ? comm[..15] : comm;
}
