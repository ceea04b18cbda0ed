using System.Net;

namespace SockScope.Net.Probing;

/// <summary>What arrived on an ICMP socket for one of our probes.</summary>
public enum IcmpEventKind
{
    /// <summary>An echo reply with our identifier.</summary>
    EchoReply,
    /// <summary>An ICMP error (unreachable, time exceeded, ...) quoting one of our echo requests.</summary>
    Error,
}

/// <summary>
/// One message received for our probes. <see cref="ReceivedTicks"/> is the kernel's receive
/// time (SO_TIMESTAMPNS) in <see cref="DateTime.Ticks"/> (UTC) units, as iputils measures it.
/// </summary>
public readonly record struct IcmpEvent(
    IcmpEventKind Kind,
    ushort Sequence,
    IPAddress From,
    int Ttl,
    int Length,
    byte Type,
    byte Code,
    uint Info,
    long ReceivedTicks);
