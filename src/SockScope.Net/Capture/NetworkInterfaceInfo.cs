using System.Net;
using SockScope.Wire;
using SockScope.Wire.Addresses;

namespace SockScope.Net.Capture;

/// <summary>Interface flags as the kernel reports them (IFF_* in linux/if.h).</summary>
[Flags]
public enum InterfaceFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Administratively up (IFF_UP).</summary>
    Up = 0x1,
    /// <summary>Has a broadcast address.</summary>
    Broadcast = 0x2,
    /// <summary>Driver debugging is on.</summary>
    Debug = 0x4,
    /// <summary>A loopback device.</summary>
    Loopback = 0x8,
    /// <summary>A point-to-point link.</summary>
    PointToPoint = 0x10,
    /// <summary>Avoids trailers (obsolete).</summary>
    NoTrailers = 0x20,
    /// <summary>Resources allocated, operational (RFC 2863 OPER_UP).</summary>
    Running = 0x40,
    /// <summary>Does not use ARP.</summary>
    NoArp = 0x80,
    /// <summary>Receives every frame on the link.</summary>
    Promiscuous = 0x100,
    /// <summary>Receives every multicast frame.</summary>
    AllMulticast = 0x200,
    /// <summary>Master of a load-balancing bundle.</summary>
    Master = 0x400,
    /// <summary>Slave of a load-balancing bundle.</summary>
    Slave = 0x800,
    /// <summary>Supports multicast.</summary>
    Multicast = 0x1000,
    /// <summary>The driver reports the carrier up (L1 up).</summary>
    LowerUp = 0x10000,
    /// <summary>The driver reports dormant.</summary>
    Dormant = 0x20000,
}

/// <summary>An address on an interface with its prefix length.</summary>
public readonly record struct InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>The address and prefix length in CIDR form, e.g. <c>192.0.2.1/24</c> or <c>fe80::1/64</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>One network interface: what `tcpdump -D` and `ip -br addr` show about it.</summary>
public sealed record NetworkInterfaceInfo
{
    /// <summary>The kernel's interface index (ifindex, as <c>ip link</c> numbers it; 1 is usually lo).</summary>
    public required int Index { get; init; }
    /// <summary>The interface name (at most 15 characters, IFNAMSIZ - 1), e.g. <c>eth0</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The hardware address, when the link has a 6-byte one.</summary>
    public MacAddress? Mac { get; init; }
    /// <summary>The MTU in bytes: the largest network-layer packet the link sends without fragmenting (the link header not counted).</summary>
    public int Mtu { get; init; }
    /// <summary>The kernel's operational state: up, down, unknown, lowerlayerdown, dormant ...</summary>
    public string OperState { get; init; } = "unknown";
    /// <summary>The IFF_* flags from SIOCGIFFLAGS / ifinfomsg.</summary>
    public InterfaceFlags Flags { get; init; }
    /// <summary>ARPHRD_* type: 1 Ethernet, 772 loopback, 65534 none (tun) ...</summary>
    public int HardwareType { get; init; }
    /// <summary>The IPv4 and IPv6 addresses assigned to the interface; empty when listed without addresses.</summary>
    public IReadOnlyList<InterfaceAddress> Addresses { get; init; } = [];

    /// <summary>True when the interface is administratively up (IFF_UP).</summary>
    public bool IsUp => (Flags & InterfaceFlags.Up) != 0;
    /// <summary>True when the interface is operational, carrier included (IFF_RUNNING).</summary>
    public bool IsRunning => (Flags & InterfaceFlags.Running) != 0;
    /// <summary>True for a loopback device: IFF_LOOPBACK, or hardware type ARPHRD_LOOPBACK (772).</summary>
    public bool IsLoopback => (Flags & InterfaceFlags.Loopback) != 0 || HardwareType == CookedHeader.LoopbackHardwareType;
    /// <summary>True when the interface receives every frame on the link (IFF_PROMISC).</summary>
    public bool IsPromiscuous => (Flags & InterfaceFlags.Promiscuous) != 0;

    /// <summary>The link type a capture on this interface records.</summary>
    public LinkType CaptureLinkType => HardwareType switch
    {
        1 or CookedHeader.LoopbackHardwareType => LinkType.Ethernet,
        65534 => LinkType.Raw,
        _ => LinkType.LinuxSll2,
    };

    /// <summary>The flag names tcpdump -D and ip show, in kernel bit order.</summary>
    public IEnumerable<string> FlagNames()
    {
        foreach (InterfaceFlags flag in Enum.GetValues<InterfaceFlags>())
        {
            if (flag != InterfaceFlags.None && (Flags & flag) == flag)
                yield return flag switch
                {
                    InterfaceFlags.Promiscuous => "PROMISC",
                    InterfaceFlags.AllMulticast => "ALLMULTI",
                    InterfaceFlags.PointToPoint => "POINTOPOINT",
                    InterfaceFlags.LowerUp => "LOWER_UP",
                    InterfaceFlags.NoArp => "NOARP",
                    InterfaceFlags.NoTrailers => "NOTRAILERS",
                    _ => flag.ToString().ToUpperInvariant(),
                };
        }
    }
}
