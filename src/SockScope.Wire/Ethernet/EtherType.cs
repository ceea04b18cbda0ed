namespace SockScope.Wire.Ethernet;

/// <summary>EtherType values (IEEE 802 numbers) that SockScope names or decodes.</summary>
public enum EtherType : ushort
{
    Ipv4 = 0x0800,
    Arp = 0x0806,
    Rarp = 0x8035,
    /// <summary>IEEE 802.1Q customer VLAN tag.</summary>
    Vlan = 0x8100,
    Ipv6 = 0x86DD,
    /// <summary>IEEE 802.1ad service VLAN tag (Q-in-Q).</summary>
    QinQ = 0x88A8,
    /// <summary>Pre-standard Q-in-Q tag some switches still send.</summary>
    QinQLegacy = 0x9100,
    /// <summary>The other pre-standard Q-in-Q tag (tcpdump reads it as a VLAN tag too).</summary>
    QinQLegacy9200 = 0x9200,
    /// <summary>Transparent Ethernet Bridging: a GRE tunnel that carries whole Ethernet frames.</summary>
    TransparentEthernetBridging = 0x6558,
    Lldp = 0x88CC,
    Loopback = 0x9000,
}
