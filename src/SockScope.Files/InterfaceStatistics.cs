namespace SockScope.Files;

/// <summary>
/// Counters for a pcapng Interface Statistics Block; null fields are left out of the block.
/// </summary>
public readonly record struct InterfaceStatistics
{
    /// <summary>isb_ifrecv: packets the interface received.</summary>
    public ulong? Received { get; init; }
    /// <summary>isb_ifdrop: packets dropped by the interface (or the capture buffer) for lack of room.</summary>
    public ulong? InterfaceDropped { get; init; }
    /// <summary>isb_filteraccept: packets the filter accepted.</summary>
    public ulong? FilterAccepted { get; init; }
    /// <summary>isb_osdrop: packets the operating system dropped.</summary>
    public ulong? OsDropped { get; init; }
    /// <summary>isb_usrdeliv: packets delivered to the user (written).</summary>
    public ulong? Delivered { get; init; }
    /// <summary>isb_starttime, nanoseconds since the epoch.</summary>
    public long? StartTimestampNanoseconds { get; init; }
    /// <summary>isb_endtime, nanoseconds since the epoch.</summary>
    public long? EndTimestampNanoseconds { get; init; }
}
