namespace SockScope.Analysis.Flows;

/// <summary>Counters of a <see cref="FlowTable"/>.</summary>
public readonly record struct FlowTableStatistics
{
    /// <summary>Packets counted into a flow.</summary>
    public long Packets { get; init; }
    /// <summary>Flows created.</summary>
    public long Created { get; init; }
    /// <summary>Flows ended by a timeout (idle, active, TCP close delay).</summary>
    public long TimedOut { get; init; }
    /// <summary>Flows evicted because the table was full.</summary>
    public long Evicted { get; init; }
    /// <summary>Flows in the table now.</summary>
    public int Active { get; init; }
    /// <summary>Most flows in the table at once.</summary>
    public int Peak { get; init; }
}
