namespace SockScope.Analysis.Defragmentation;

/// <summary>Timeouts, caps and the IPv4 overlap policy of an <see cref="IpDefragmenter"/>.</summary>
public sealed class DefragmentationOptions
{
    /// <summary>The defaults: 30 s for IPv4, 60 s for IPv6, 16 MiB buffered, 256 fragments per datagram, first copy wins on IPv4 overlaps.</summary>
    public static DefragmentationOptions Default { get; } = new();

    /// <summary>How long an incomplete IPv4 datagram waits for its missing fragments after its first one (default 30 s, as Linux's ipfrag_time).</summary>
    public TimeSpan Ipv4Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an incomplete IPv6 datagram waits after its first fragment (default 60 s, RFC 8200).</summary>
    public TimeSpan Ipv6Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most bytes all incomplete datagrams may hold together (default 16 MiB); beyond it the oldest are evicted and counted.</summary>
    public long MaxBufferedBytes { get; init; } = 16 << 20;

    /// <summary>Most fragments one datagram may have (default 256); a datagram cut finer is dropped as invalid.</summary>
    public int MaxFragmentsPerDatagram { get; init; } = 256;

    /// <summary>
    /// What to do when IPv4 fragments overlap: keep the bytes that arrived first (default, tshark's
    /// rule for consistent retransmitted copies) or drop the whole datagram (Linux's rule since 4.19).
    /// IPv6 overlaps always drop the datagram (RFC 5722).
    /// </summary>
    public bool DropOverlappingIpv4 { get; init; }
}
