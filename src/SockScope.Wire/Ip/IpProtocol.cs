namespace SockScope.Wire.Ip;

/// <summary>IANA protocol numbers (IPv4 protocol field, IPv6 next header).</summary>
public enum IpProtocol : byte
{
    /// <summary>IPv6 hop-by-hop options (0).</summary>
    HopByHop = 0,
    /// <summary>ICMP (1).</summary>
    Icmp = 1,
    /// <summary>IGMP (2).</summary>
    Igmp = 2,
    /// <summary>IPv4 in IP (4).</summary>
    IpInIp = 4,
    /// <summary>TCP (6).</summary>
    Tcp = 6,
    /// <summary>DCCP (RFC 4340): ports in the first four bytes, as TCP and UDP.</summary>
    Dccp = 33,
    /// <summary>UDP (17).</summary>
    Udp = 17,
    /// <summary>IPv6 in IP (41).</summary>
    Ipv6 = 41,
    /// <summary>IPv6 routing header (43).</summary>
    Routing = 43,
    /// <summary>IPv6 fragment header (44).</summary>
    Fragment = 44,
    /// <summary>GRE (47).</summary>
    Gre = 47,
    /// <summary>IPsec ESP (50).</summary>
    Esp = 50,
    /// <summary>IPsec authentication header (51).</summary>
    Ah = 51,
    /// <summary>ICMPv6 (58).</summary>
    Icmpv6 = 58,
    /// <summary>IPv6 no next header (59).</summary>
    NoNextHeader = 59,
    /// <summary>IPv6 destination options (60).</summary>
    DestinationOptions = 60,
    /// <summary>PIM (103).</summary>
    Pim = 103,
    /// <summary>SCTP (132): ports first, printed with the addresses as TCP and UDP.</summary>
    Sctp = 132,
    /// <summary>Mobile IPv6 mobility header (135).</summary>
    Mobility = 135,
    /// <summary>An Ethernet frame follows (segment routing, RFC 8986).</summary>
    Ethernet = 143,
    /// <summary>Reserved for experiments (253, RFC 3692).</summary>
    Experiment1 = 253,
    /// <summary>Reserved for experiments (254, RFC 3692).</summary>
    Experiment2 = 254,
    /// <summary>Reserved (255); raw sockets use it for "any".</summary>
    Raw = 255,
}
