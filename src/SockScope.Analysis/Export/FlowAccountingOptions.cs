namespace SockScope.Analysis.Export;

/// <summary>Timeouts and limits of flow accounting.</summary>
public sealed class FlowAccountingOptions
{
    /// <summary>Default idle timeout: 15 s.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(15);
    /// <summary>Default active timeout: 1800 s.</summary>
    public static readonly TimeSpan DefaultActiveTimeout = TimeSpan.FromSeconds(1800);
    /// <summary>Default TCP end grace: 1 s, so that the last ACK after the FINs stays in the flow.</summary>
    public static readonly TimeSpan DefaultTcpEndGrace = TimeSpan.FromSeconds(1);
    /// <summary>Default flow table capacity: 262,144 flows (about 60 MB).</summary>
    public const int DefaultMaxFlows = 262_144;

    /// <summary>A flow with no packet for this long is exported.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;
    /// <summary>A flow older than this is exported and goes on in a new record.</summary>
    public TimeSpan ActiveTimeout { get; init; } = DefaultActiveTimeout;
    /// <summary>A TCP flow that saw RST, or FIN both ways, is exported this long after.</summary>
    public TimeSpan TcpEndGrace { get; init; } = DefaultTcpEndGrace;
    /// <summary>Most flows held; past it the least recently seen flow is exported early (and counted as evicted).</summary>
    public int MaxFlows { get; init; } = DefaultMaxFlows;
    /// <summary>Export one RFC 5103 biflow record per flow (the first packet's sender is the source) instead of one record per direction.</summary>
    public bool Biflow { get; init; }
}
