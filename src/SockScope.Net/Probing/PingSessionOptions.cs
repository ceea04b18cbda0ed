namespace SockScope.Net.Probing;

/// <summary>
/// How a <see cref="PingSession"/> paces its probes and when it stops; the defaults are iputils
/// ping's (one probe a second, 56 data bytes, 10 s to wait for late replies).
/// </summary>
public sealed record PingSessionOptions
{
    /// <summary>Stop after this many replies (or errors) have arrived; 0 probes until cancelled or the deadline.</summary>
    public long Count { get; init; }

    /// <summary>Seconds between probes; 0 sends each as soon as the last is answered (or 10 ms later without answer).</summary>
    public double IntervalSeconds { get; init; } = 1;

    /// <summary>Data bytes after the ICMP header; 16 or more carry a timestamp, so round trips are measured.</summary>
    public int PayloadSize { get; init; } = 56;

    /// <summary>After the last probe, how many seconds to wait for replies.</summary>
    public double LingerSeconds { get; init; } = 10;

    /// <summary>Stop after this many seconds whatever was sent or received; 0 for no deadline.</summary>
    public double DeadlineSeconds { get; init; }
}
