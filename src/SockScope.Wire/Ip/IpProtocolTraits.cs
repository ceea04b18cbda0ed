using System.Runtime.CompilerServices;

namespace SockScope.Wire.Ip;

/// <summary>
/// What a protocol number says about the header that follows, in one place for the decoder's
/// consumers and the printers (instead of a list of numbers at each use).
/// </summary>
public static class IpProtocolTraits
{
    /// <summary>
    /// True for the transport protocols whose header opens with 16-bit source and destination
    /// ports: TCP, UDP, DCCP and SCTP. tcpdump prints their addresses joined to the ports
    /// ("10.0.0.1.53 > 10.0.0.2.1024: "), so the IP printer leaves the addresses to them.
    /// </summary>
    // Called per packet; the JIT does not inline the four-way pattern on its own.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StartsWithPorts(this IpProtocol protocol) =>
        protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Dccp or IpProtocol.Sctp;
}
