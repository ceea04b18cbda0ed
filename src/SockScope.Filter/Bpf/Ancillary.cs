namespace SockScope.Filter;

/// <summary>
/// The kernel's ancillary loads: absolute loads at SKF_AD_OFF (-4096) plus a selector read socket
/// metadata instead of packet bytes (linux/filter.h). Offline there is no socket, so the interpreter
/// treats them as loads outside the packet (the packet is dropped), as libpcap's interpreter does.
/// </summary>
public static class Ancillary
{
    /// <summary>SKF_AD_OFF (-4096 as an unsigned offset): where the ancillary selectors start.</summary>
    public const uint Offset = 0xfffff000;
    /// <summary>The frame's protocol (skb->protocol, an EtherType in network order).</summary>
    public const uint Protocol = Offset + 0;
    /// <summary>The packet type (PACKET_HOST, PACKET_OUTGOING, ...): tcpdump's inbound/outbound.</summary>
    public const uint PacketType = Offset + 4;
    /// <summary>The index of the interface the packet arrived on or leaves by.</summary>
    public const uint InterfaceIndex = Offset + 8;
    /// <summary>The packet's firewall mark (skb->mark).</summary>
    public const uint Mark = Offset + 20;
    /// <summary>The receive queue the packet came in on.</summary>
    public const uint Queue = Offset + 24;
    /// <summary>The interface's ARPHRD hardware type.</summary>
    public const uint HardwareType = Offset + 28;
    /// <summary>The receive hash the NIC or stack computed.</summary>
    public const uint RxHash = Offset + 32;
    /// <summary>The CPU the filter runs on.</summary>
    public const uint Cpu = Offset + 36;
    /// <summary>The VLAN TCI the kernel stripped from the frame.</summary>
    public const uint VlanTag = Offset + 44;
    /// <summary>1 when the kernel stripped a VLAN tag from the frame, else 0.</summary>
    public const uint VlanTagPresent = Offset + 48;
    /// <summary>A random 32-bit number (for sampling).</summary>
    public const uint Random = Offset + 56;
    /// <summary>The stripped VLAN tag's TPID (0x8100, 0x88a8).</summary>
    public const uint VlanTpid = Offset + 60;

    private static readonly (uint K, string Name)[] Names =
    [
        (Protocol, "proto"), (PacketType, "type"), (InterfaceIndex, "ifidx"), (Mark, "mark"), (Queue, "queue"),
        (HardwareType, "hatype"), (RxHash, "rxhash"), (Cpu, "cpu"), (VlanTag, "vlan_tci"), (VlanTagPresent, "vlanp"),
        (Random, "random"), (VlanTpid, "vlan_tpid"),
    ];

    /// <summary>The name tcpdump -d prints for an ancillary offset ("type" for [type]), or null.</summary>
    public static string? NameOf(uint k)
    {
        foreach ((uint key, string name) in Names) if (key == k) return name;
        return null;
    }

    /// <summary>The ancillary offset for a name tcpdump -d prints ("ifidx", "vlan_tci", ...); false for an unknown name.</summary>
    public static bool TryParse(string name, out uint k)
    {
        foreach ((uint key, string n) in Names)
        {
            if (n == name) { k = key; return true; }
        }
        k = 0;
        return false;
    }
}
