namespace SockScope.Analysis.Export;

/// <summary>The exporter's own counters, sent to collectors in the statistics options record.</summary>
public readonly record struct ExporterStatistics
{
    /// <summary>Messages this export stream has sent.</summary>
    public ulong MessagesSent { get; init; }
    /// <summary>Flow records this export stream has sent.</summary>
    public ulong RecordsSent { get; init; }
    /// <summary>Flow records that could not be sent (collector down, queue full).</summary>
    public ulong RecordsNotSent { get; init; }
    /// <summary>Flows forced out of a full flow table (exported with flowEndReason lackOfResources).</summary>
    public ulong FlowsEvicted { get; init; }
    /// <summary>Packets the capture dropped (kernel drops): the metering process never saw them.</summary>
    public ulong PacketsDroppedByCapture { get; init; }
    /// <summary>The idle timeout in seconds.</summary>
    public ushort IdleTimeoutSeconds { get; init; }
    /// <summary>The active timeout in seconds.</summary>
    public ushort ActiveTimeoutSeconds { get; init; }
}
