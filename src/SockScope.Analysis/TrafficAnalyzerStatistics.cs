namespace SockScope.Analysis;

/// <summary>Counters of a <see cref="TrafficAnalyzer"/> (flow, fragment and stream counters live on its parts).</summary>
public readonly record struct TrafficAnalyzerStatistics
{
    /// <summary>Frames fed in.</summary>
    public long Frames { get; init; }
    /// <summary>Frames counted into a flow (a reassembled datagram counts once).</summary>
    public long FlowPackets { get; init; }
    /// <summary>Frames without a usable IP layer (ARP, malformed, unsupported link types).</summary>
    public long NotIp { get; init; }
    /// <summary>Fragments taken by the defragmenter (held, duplicate or dropped).</summary>
    public long Fragments { get; init; }
    /// <summary>Datagrams the defragmenter completed.</summary>
    public long Reassembled { get; init; }
}
