using SockScope.Wire.Building;
using SockScope.Wire.Icmp;

namespace SockScope.Net.Probing;

/// <summary>The echo request header that ping and traceroute put in front of their data.</summary>
internal static class EchoRequest
{
    /// <summary>
    /// Prepends an ICMP or ICMPv6 echo request with <paramref name="identifier"/> and
    /// <paramref name="sequence"/>. The ICMPv6 checksum is left 0: the kernel always fills it on
    /// these sockets (it covers the pseudo-header, whose source only the kernel knows for sure).
    /// </summary>
    public static void Prepend(ref PacketBuilder builder, bool ipv6, ushort identifier, ushort sequence)
    {
        if (ipv6) builder.PrependIcmpv6(Icmpv6Header.EchoRequest(identifier, sequence) with { Checksum = 0 });
        else builder.PrependIcmp(IcmpHeader.EchoRequest(identifier, sequence));
    }
}
