using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Formatting;

/// <summary>
/// What a transport or ICMP printer needs from the IP layer that carried it: addresses (for
/// pseudo-header checksums and tcpdump's "ICMP host unreachable" wording), the payload length
/// the IP header claims, and whether this is a later fragment.
/// </summary>
public readonly record struct IpInfo(
    bool IsIpv6,
    Ipv4Address Source4,
    Ipv4Address Destination4,
    Ipv6Address Source6,
    Ipv6Address Destination6,
    IpProtocol Protocol,
    int PayloadLength,
    bool IsLaterFragment,
    byte HopLimit);
