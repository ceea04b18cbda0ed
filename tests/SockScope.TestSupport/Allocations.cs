namespace SockScope.TestSupport;

/// <summary>
/// Allocation checks that hold on two busy cores: the least of three passes. A one-off charge
/// (tiered compilation, a static table, the runtime's own work on this thread) shows in one pass;
/// an allocation per packet shows in every pass, so the least still catches it.
/// </summary>
public static class Allocations
{
    /// <summary>The fewest bytes this thread allocated in one of <paramref name="passes"/> runs of <paramref name="pass"/>.</summary>
    public static long Least(Action pass, int passes = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < passes; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            pass();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
