using System.Net;

namespace SockScope.Net.Probing;

/// <summary>How one echo request ended.</summary>
public enum PingStatus
{
    /// <summary>An echo reply arrived.</summary>
    Success,
    /// <summary>Nothing arrived within the timeout.</summary>
    TimedOut,
    /// <summary>A router or the host answered destination unreachable (ICMP 3, ICMPv6 1).</summary>
    DestinationUnreachable,
    /// <summary>The TTL or hop limit ran out on the way (ICMP 11, ICMPv6 3).</summary>
    TimeExceeded,
    /// <summary>The probe was larger than a link's MTU (ICMPv6 2).</summary>
    PacketTooBig,
    /// <summary>A header field was refused (ICMP 12, ICMPv6 4).</summary>
    ParameterProblem,
    /// <summary>Another ICMP error quoting our probe.</summary>
    OtherError,
}

/// <summary>The answer to one echo request: a reply, an ICMP error from a router on the way, or nothing in time.</summary>
/// <param name="Sequence">The echo request's sequence number.</param>
/// <param name="Status">How it ended.</param>
/// <param name="From">Who answered (the host, or the router that sent the error); null on timeout.</param>
/// <param name="RoundTripTime">From the send to the kernel's receive timestamp; the timeout when nothing came.</param>
/// <param name="Ttl">The answer's TTL or hop limit, -1 when unknown.</param>
/// <param name="Bytes">The ICMP message's length.</param>
/// <param name="IcmpType">The answer's ICMP type.</param>
/// <param name="IcmpCode">The answer's ICMP code.</param>
/// <param name="ErrorText">iputils' wording of an error ("Destination Host Unreachable"), null for a reply.</param>
public readonly record struct PingResult(
    ushort Sequence,
    PingStatus Status,
    IPAddress? From,
    TimeSpan RoundTripTime,
    int Ttl,
    int Bytes,
    byte IcmpType,
    byte IcmpCode,
    string? ErrorText);

/// <summary>Settings of a <see cref="Pinger"/>.</summary>
public sealed record PingerOptions
{
    /// <summary>Data bytes after the 8-byte ICMP header (ping -s).</summary>
    public int PayloadSize { get; init; } = 56;
    /// <summary>TTL or hop limit (ping -t); null = the system's default.</summary>
    public int? Ttl { get; init; }
    /// <summary>Force a raw or a datagram socket; null = raw when privileged, else datagram.</summary>
    public PingSocketKind? SocketKind { get; init; }
    /// <summary>Source address to send from (ping -I ADDR); null lets the kernel choose.</summary>
    public IPAddress? Source { get; init; }
    /// <summary>Interface to send on (SO_BINDTODEVICE).</summary>
    public string? Interface { get; init; }
}
