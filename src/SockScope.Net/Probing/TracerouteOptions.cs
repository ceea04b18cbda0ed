using System.Net;

namespace SockScope.Net.Probing;

/// <summary>How traceroute probes: UDP to high ports (the classic), ICMP echo, or TCP SYN.</summary>
public enum TraceProbeKind
{
    Udp,
    Icmp,
    Tcp,
}

public sealed record TracerouteOptions
{
    public TraceProbeKind Kind { get; init; } = TraceProbeKind.Udp;
    /// <summary>UDP: the first destination port, one more per probe (default 33434). TCP: the destination port (default 80).</summary>
    public int? Port { get; init; }
    public int FirstHop { get; init; } = 1;
    public int MaxHops { get; init; } = 30;
    public int QueriesPerHop { get; init; } = 3;
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Whole packet length, IP header included; null = traceroute's 60 (IPv4) or 80 (IPv6) bytes.</summary>
    public int? PacketLength { get; init; }
    public string? Interface { get; init; }
}

/// <summary>
/// What one probe found: the router or host that answered (null on timeout), the round trip,
/// whether this is the destination, and traceroute's annotation for unreachable answers
/// (!H, !N, !P, !X, !F...).
/// </summary>
public readonly record struct TraceProbeResult(int Hop, int Probe, IPAddress? From, TimeSpan RoundTripTime, bool ReachedDestination, string? Annotation)
{
    public bool TimedOut => From is null;
    /// <summary>An unreachable answer (not the destination's port unreachable): the trace ends at this hop.</summary>
    public bool Unreachable => Annotation is not null;
}
