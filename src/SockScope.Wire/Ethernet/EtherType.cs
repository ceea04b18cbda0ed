namespace SockScope.Wire.Ethernet;

/// <summary>EtherType values (IEEE 802 numbers) that SockScope names or decodes.</summary>
public enum EtherType : ushort
{
    /// <summary>IPv4.</summary>
    Ipv4 = 0x0800,
    /// <summary>ARP.</summary>
    Arp = 0x0806,
    /// <summary>Reverse ARP.</summary>
    Rarp = 0x8035,
    /// <summary>IEEE 802.1Q customer VLAN tag.</summary>
    Vlan = 0x8100,
    /// <summary>IPv6.</summary>
    Ipv6 = 0x86DD,
    /// <summary>IEEE 802.1ad service VLAN tag (Q-in-Q).</summary>
    QinQ = 0x88A8,
    /// <summary>Pre-standard Q-in-Q tag some switches still send.</summary>
    QinQLegacy = 0x9100,
    /// <summary>The other pre-standard Q-in-Q tag (tcpdump reads it as a VLAN tag too).</summary>
    QinQLegacy9200 = 0x9200,
    /// <summary>Transparent Ethernet Bridging: a GRE tunnel that carries whole Ethernet frames.</summary>
    TransparentEthernetBridging = 0x6558,
    /// <summary>MPLS, unicast (RFC 3032): a label stack follows.</summary>
    MplsUnicast = 0x8847,
    /// <summary>MPLS, multicast (RFC 5332): a label stack follows.</summary>
    MplsMulticast = 0x8848,
    /// <summary>LLDP.</summary>
    Lldp = 0x88CC,
    /// <summary>Ethernet configuration testing (loopback).</summary>
    Loopback = 0x9000,
}
