namespace SockScope.Net.Attribution;

/// <summary>
/// Which processes to keep: any of the pids, any of the uids, the command name, the cgroup. An
/// empty criterion keeps everything; several criteria must all hold. <see cref="ProcessFilter"/>
/// applies them to attributed packets, <see cref="AttributionKernelFilter"/> in the kernel.
/// </summary>
public abstract record ProcessCriteria
{
    /// <summary>Thread group ids to keep (any of them); empty keeps all.</summary>
    public IReadOnlyList<int> Pids { get; init; } = [];
    /// <summary>User ids to keep (any of them); empty keeps all.</summary>
    public IReadOnlyList<uint> Uids { get; init; } = [];
    /// <summary>A command name (comm) to keep, compared as the kernel keeps it (its first 15 bytes); null keeps all.</summary>
    public string? Command { get; init; }
    /// <summary>A cgroup v2 id to keep (the cgroup directory's inode, see <see cref="ProcessInfo.CgroupId"/>), descendants not included; null keeps all.</summary>
    public ulong? CgroupId { get; init; }
}
