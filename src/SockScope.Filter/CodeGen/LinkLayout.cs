using SockScope.Wire;

namespace SockScope.Filter.CodeGen;

/// <summary>
/// Where a link type keeps the network-layer type and where the network layer starts. <c>vlan</c>
/// moves both by 4 for the primitives that follow it, as in libpcap.
/// </summary>
internal sealed class LinkLayout
{
    public required LinkType Type;
    /// <summary>Offset of the 16-bit EtherType (Ethernet, SLL, SLL2); -1 when the link has none.</summary>
    public int TypeOffset;
    /// <summary>Offset of the network-layer header.</summary>
    public int Network;

    public bool HasEtherType => TypeOffset >= 0;
    public bool IsEthernet => Type == LinkType.Ethernet;

    public static LinkLayout For(LinkType type) => type switch
    {
        LinkType.Ethernet => new LinkLayout { Type = type, TypeOffset = 12, Network = 14 },
        LinkType.LinuxSll => new LinkLayout { Type = type, TypeOffset = 14, Network = 16 },
        LinkType.LinuxSll2 => new LinkLayout { Type = type, TypeOffset = 0, Network = 20 },
        LinkType.Raw or LinkType.Ipv4 or LinkType.Ipv6 => new LinkLayout { Type = type, TypeOffset = -1, Network = 0 },
        LinkType.Null or LinkType.Loop => new LinkLayout { Type = type, TypeOffset = -1, Network = 4 },
        _ => throw new ArgumentException($"link type {LinkTypeNames.Name(type)} is not supported by the filter compiler", nameof(type)),
    };
}
