namespace SockScope.Net.Capture;

/// <summary>
/// The counters tcpdump prints at exit. <see cref="ReceivedByFilter"/> and <see cref="DroppedByKernel"/>
/// come from PACKET_STATISTICS (every packet the filter accepted, whether it fit in the ring or not,
/// and those that did not); <see cref="Captured"/> counts frames handed to the caller.
/// </summary>
public readonly record struct CaptureStatistics(long Captured, long ReceivedByFilter, long DroppedByKernel)
{
    /// <summary>False where the platform gives no kernel counters (raw IP sockets): then only Captured is meaningful.</summary>
    public bool HasKernelCounters { get; init; } = true;
}
