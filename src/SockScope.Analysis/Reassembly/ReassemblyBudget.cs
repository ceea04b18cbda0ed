namespace SockScope.Analysis.Reassembly;

/// <summary>
/// A byte budget shared by many reassemblers (TCP streams, IP fragments) so that the total memory
/// they hold stays under one cap. A stream that cannot get bytes from the budget gives up its own
/// oldest hole instead of buffering, and the budget counts that as an eviction. Not thread-safe:
/// one budget per analysis pipeline.
/// </summary>
public sealed class ReassemblyBudget
{
    /// <summary>Creates a budget of <paramref name="limitBytes"/> bytes.</summary>
    /// <param name="limitBytes">Most bytes all users together may hold (at least 0).</param>
    public ReassemblyBudget(long limitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        LimitBytes = limitBytes;
    }

    /// <summary>An unlimited budget.</summary>
    public static ReassemblyBudget Unlimited() => new(long.MaxValue);

    /// <summary>The cap.</summary>
    public long LimitBytes { get; }

    /// <summary>Bytes held right now.</summary>
    public long UsedBytes { get; private set; }

    /// <summary>Most bytes held at any one time.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Times a user had to give up buffered data (or refuse to buffer) because a cap was reached.</summary>
    public long Evictions { get; private set; }

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (and nothing taken) when that would pass the cap.</summary>
    public bool TryReserve(int bytes)
    {
        if (bytes > LimitBytes - UsedBytes) return false;
        UsedBytes += bytes;
        if (UsedBytes > PeakBytes) PeakBytes = UsedBytes;
        return true;
    }

    /// <summary>Gives back bytes taken with <see cref="TryReserve"/>.</summary>
    public void Release(int bytes) => UsedBytes -= bytes;

    /// <summary>Counts one forced eviction.</summary>
    public void CountEviction() => Evictions++;
}
