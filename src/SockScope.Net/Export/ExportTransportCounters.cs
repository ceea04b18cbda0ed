namespace SockScope.Net.Export;

/// <summary>A transport's counters.</summary>
public readonly record struct ExportTransportCounters
{
    /// <summary>Messages handed to the kernel.</summary>
    public long MessagesSent { get; init; }
    /// <summary>Data records in those messages.</summary>
    public long RecordsSent { get; init; }
    /// <summary>Messages that could not be sent (or that the collector's host refused).</summary>
    public long MessagesLost { get; init; }
    /// <summary>Data records in the lost messages.</summary>
    public long RecordsLost { get; init; }
    /// <summary>Send failures seen (errors from the kernel, refused datagrams, broken connections).</summary>
    public long SendFailures { get; init; }
    /// <summary>TCP: connections made (1 without a reconnect).</summary>
    public long Connections { get; init; }
}
