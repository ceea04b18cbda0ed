namespace SockScope.Wire.Ip;

/// <summary>IANA protocol numbers (IPv4 protocol field, IPv6 next header).</summary>
public enum IpProtocol : byte
{
    HopByHop = 0,
    Icmp = 1,
    Igmp = 2,
    IpInIp = 4,
    Tcp = 6,
    /// <summary>DCCP (RFC 4340): ports in the first four bytes, as TCP and UDP.</summary>
    Dccp = 33,
    Udp = 17,
    Ipv6 = 41,
    Routing = 43,
    Fragment = 44,
    Gre = 47,
    Esp = 50,
    Ah = 51,
    Icmpv6 = 58,
    NoNextHeader = 59,
    DestinationOptions = 60,
    Pim = 103,
    Sctp = 132,
    Mobility = 135,
    /// <summary>An Ethernet frame follows (segment routing, RFC 8986).</summary>
    Ethernet = 143,
    Experiment1 = 253,
    Experiment2 = 254,
    Raw = 255,
}
