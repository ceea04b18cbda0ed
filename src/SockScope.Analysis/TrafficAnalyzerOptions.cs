using SockScope.Analysis.Defragmentation;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;

namespace SockScope.Analysis;

/// <summary>What a <see cref="TrafficAnalyzer"/> does and the limits it keeps.</summary>
public sealed class TrafficAnalyzerOptions
{
    /// <summary>The defaults: defragment, reassemble TCP, Zeek's timeouts, 500,000 flows, 64 MiB of held stream data.</summary>
    public static TrafficAnalyzerOptions Default { get; } = new();

    /// <summary>Flow timeouts and the flow cap.</summary>
    public FlowTableOptions Flows { get; init; } = FlowTableOptions.Default;

    /// <summary>Fragment timeouts and the fragment byte cap.</summary>
    public DefragmentationOptions Defragmentation { get; init; } = DefragmentationOptions.Default;

    /// <summary>Per-direction reassembly caps and policies.</summary>
    public TcpReassemblyOptions Reassembly { get; init; } = TcpReassemblyOptions.Default;

    /// <summary>Most out-of-order TCP bytes held across all streams (default 64 MiB).</summary>
    public long MaxReassemblyBytes { get; init; } = 64L << 20;

    /// <summary>Reassemble IP fragments before flow accounting (default true). When false, later fragments are not counted.</summary>
    public bool Defragment { get; init; } = true;

    /// <summary>Reassemble TCP streams (default true): needed for stream events and for missed_bytes.</summary>
    public bool ReassembleStreams { get; init; } = true;

    /// <summary>
    /// Name each flow's application protocol from its first payloads (<see cref="Flow.Service"/>,
    /// conn.log's service; default true). Costs nothing per packet once a flow is decided.
    /// </summary>
    public bool DetectServices { get; init; } = true;

    /// <summary>Zeek's Site::local_nets: when set, every flow gets <see cref="Flow.LocalOriginator"/> and <see cref="Flow.LocalResponder"/> at its start; null (default) leaves them unset.</summary>
    public LocalNetworks? LocalNetworks { get; init; }
}
