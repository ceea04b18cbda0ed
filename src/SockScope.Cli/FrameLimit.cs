using SockScope.Net.Capture;

namespace SockScope.Cli;

/// <summary>
/// -c N for a live capture handler: counts the frames it keeps and says when N are in (0: no limit).
/// A field of the handler struct, so the per-frame count stays a plain increment.
/// </summary>
internal struct FrameLimit(long limit)
{
    /// <summary>The -c count; 0 for no limit.</summary>
    public readonly long Limit = limit;
    /// <summary>Frames kept so far.</summary>
    public long Count;

    /// <summary>True once <see cref="Limit"/> frames are in: the dispatch loop stops.</summary>
    public readonly bool Done => Limit > 0 && Count >= Limit;

    /// <summary>Counts one kept frame; false when it was the last one wanted (what <see cref="ICaptureHandler.OnFrame"/> returns).</summary>
    public bool Take()
    {
        Count++;
        return !Done;
    }

    /// <summary>tcpdump's three counter lines at the end of a live capture, on stderr.</summary>
    public static void WriteCounters(long captured, CaptureStatistics stats)
    {
        Console.Error.WriteLine($"{captured} packet{(captured == 1 ? "" : "s")} captured");
        Console.Error.WriteLine($"{stats.ReceivedByFilter} packet{(stats.ReceivedByFilter == 1 ? "" : "s")} received by filter");
        Console.Error.WriteLine($"{stats.DroppedByKernel} packet{(stats.DroppedByKernel == 1 ? "" : "s")} dropped by kernel");
    }
}
