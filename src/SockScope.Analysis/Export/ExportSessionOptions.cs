namespace SockScope.Analysis.Export;

/// <summary>How one export stream encodes its messages.</summary>
public sealed class ExportSessionOptions
{
    /// <summary>Default for <see cref="TemplateRefreshMessages"/>.</summary>
    public const int DefaultTemplateRefreshMessages = 20;
    /// <summary>Default for <see cref="TemplateRefreshSeconds"/>.</summary>
    public const int DefaultTemplateRefreshSeconds = 30;
    /// <summary>Default for <see cref="MaxMessageLength"/>: one message fits an Ethernet frame with IP and UDP headers.</summary>
    public const int DefaultMaxMessageLength = 1400;

    /// <summary>IPFIX or NetFlow v9.</summary>
    public ExportProtocol Protocol { get; init; } = ExportProtocol.Ipfix;
    /// <summary>The IPFIX observation domain id, or the NetFlow v9 source id.</summary>
    public uint ObservationDomain { get; init; }
    /// <summary>Re-send the templates after this many messages (0: never by count). UDP collectors that start late need them.</summary>
    public int TemplateRefreshMessages { get; init; } = DefaultTemplateRefreshMessages;
    /// <summary>Re-send the templates after this many seconds (0: never by time).</summary>
    public int TemplateRefreshSeconds { get; init; } = DefaultTemplateRefreshSeconds;
    /// <summary>Largest message in bytes.</summary>
    public int MaxMessageLength { get; init; } = DefaultMaxMessageLength;
    /// <summary>Announce the RFC 5103 biflow templates (IPFIX only) instead of the unidirectional ones.</summary>
    public bool Biflow { get; init; }
    /// <summary>Supplies the exporter's counters for the statistics options record sent with the templates; none: no statistics record.</summary>
    public Func<ExporterStatistics>? Statistics { get; init; }
}
