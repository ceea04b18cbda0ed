using System.Net;

namespace SockScope.Net.Probing;

public enum PingStatus
{
    Success,
    TimedOut,
    DestinationUnreachable,
    TimeExceeded,
    PacketTooBig,
    ParameterProblem,
    OtherError,
}

/// <summary>The answer to one echo request: a reply, an ICMP error from a router on the way, or nothing in time.</summary>
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
    public IPAddress? Source { get; init; }
    /// <summary>Interface to send on (SO_BINDTODEVICE).</summary>
    public string? Interface { get; init; }
}
