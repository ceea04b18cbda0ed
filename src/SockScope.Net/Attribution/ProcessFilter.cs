namespace SockScope.Net.Attribution;

/// <summary>
/// Which processes' packets to keep (see <see cref="ProcessCriteria"/>): a packet of no known
/// process passes only an empty filter.
/// </summary>
public sealed record ProcessFilter : ProcessCriteria
{
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
