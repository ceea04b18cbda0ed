namespace SockScope.Analysis.Flows;

/// <summary>Timeouts and the size cap of a <see cref="FlowTable"/>. Defaults follow Zeek.</summary>
public sealed class FlowTableOptions
{
    /// <summary>The defaults.</summary>
    public static FlowTableOptions Default { get; } = new();

    /// <summary>TCP inactivity timeout (default 5 min, Zeek's tcp_inactivity_timeout).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a closed TCP connection (both FINs, or a RST) stays after its last packet (default 5 s, Zeek's tcp_close_delay).</summary>
    public TimeSpan TcpClosedTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>UDP inactivity timeout (default 1 min, Zeek's udp_inactivity_timeout).</summary>
    public TimeSpan UdpIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>ICMP inactivity timeout (default 1 min, Zeek's icmp_inactivity_timeout).</summary>
    public TimeSpan IcmpIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Inactivity timeout of other IP protocols (default 1 min).</summary>
    public TimeSpan OtherIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest a flow may last before it is ended and a new one begins (NetFlow's active timeout); zero (default) for never.</summary>
    public TimeSpan ActiveTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Most flows held at once (default 500,000); a new flow beyond it evicts the least recently active one, counted.</summary>
    public int MaxFlows { get; init; } = 500_000;
}
