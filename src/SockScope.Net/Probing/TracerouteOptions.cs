using System.Net;

namespace SockScope.Net.Probing;

/// <summary>How traceroute probes: UDP to high ports (the classic), ICMP echo, or TCP SYN.</summary>
public enum TraceProbeKind
{
    /// <summary>UDP datagrams to high ports; the destination answers port unreachable (traceroute's default).</summary>
    Udp,
    /// <summary>ICMP echo requests; the destination answers with an echo reply (traceroute -I).</summary>
    Icmp,
    /// <summary>TCP SYNs to one port; the destination answers SYN-ACK or RST (traceroute -T).</summary>
    Tcp,
}

/// <summary>How a <see cref="Tracer"/> probes: traceroute's options with its defaults.</summary>
public sealed record TracerouteOptions
{
    /// <summary>The probe protocol (traceroute -I, -T, -U).</summary>
    public TraceProbeKind Kind { get; init; } = TraceProbeKind.Udp;
    /// <summary>UDP: the first destination port, one more per probe (default 33434). TCP: the destination port (default 80).</summary>
    public int? Port { get; init; }
    /// <summary>The TTL of the first probes (traceroute -f).</summary>
    public int FirstHop { get; init; } = 1;
    /// <summary>The largest TTL tried (traceroute -m).</summary>
    public int MaxHops { get; init; } = 30;
    /// <summary>Probes sent per hop (traceroute -q).</summary>
    public int QueriesPerHop { get; init; } = 3;
    /// <summary>How long to wait for the answer to a probe (traceroute -w).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Whole packet length, IP header included; null = traceroute's 60 (IPv4) or 80 (IPv6) bytes.</summary>
    public int? PacketLength { get; init; }
    /// <summary>Send through this interface (traceroute -i); null lets the routing table choose.</summary>
    public string? Interface { get; init; }
}

/// <summary>
/// What one probe found: the router or host that answered (null on timeout), the round trip,
/// whether this is the destination, and traceroute's annotation for unreachable answers
/// (!H, !N, !P, !X, !F...).
/// </summary>
public readonly record struct TraceProbeResult(int Hop, int Probe, IPAddress? From, TimeSpan RoundTripTime, bool ReachedDestination, string? Annotation)
{
    /// <summary>True when nothing answered in time (traceroute's "*").</summary>
    public bool TimedOut => From is null;
    /// <summary>An unreachable answer (not the destination's port unreachable): the trace ends at this hop.</summary>
    public bool Unreachable => Annotation is not null;
}
