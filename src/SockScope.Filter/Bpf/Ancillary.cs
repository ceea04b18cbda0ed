namespace SockScope.Filter;

/// <summary>
/// The kernel's ancillary loads: absolute loads at SKF_AD_OFF (-4096) plus a selector read socket
/// metadata instead of packet bytes (linux/filter.h). Offline there is no socket, so the interpreter
/// treats them as loads outside the packet (the packet is dropped), as libpcap's interpreter does.
/// </summary>
public static class Ancillary
{
    public const uint Offset = 0xfffff000;
    public const uint Protocol = Offset + 0, PacketType = Offset + 4, InterfaceIndex = Offset + 8, Mark = Offset + 20,
        Queue = Offset + 24, HardwareType = Offset + 28, RxHash = Offset + 32, Cpu = Offset + 36, VlanTag = Offset + 44,
        VlanTagPresent = Offset + 48, Random = Offset + 56, VlanTpid = Offset + 60;

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
