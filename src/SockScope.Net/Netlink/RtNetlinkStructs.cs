namespace SockScope.Net.Netlink;

/// <summary>struct ifinfomsg (linux/rtnetlink.h): 16 bytes.</summary>
internal static class InterfaceInfoOffsets
{
    public const int Family = 0;
    public const int Type = 2;
    public const int Index = 4;
    public const int Flags = 8;
    public const int Change = 12;
    public const int Size = 16;
}

/// <summary>struct rtmsg: 12 bytes.</summary>
internal static class RouteMessageOffsets
{
    public const int Family = 0;
    public const int DestinationLength = 1;
    public const int SourceLength = 2;
    public const int Tos = 3;
    public const int Table = 4;
    public const int Protocol = 5;
    public const int Scope = 6;
    public const int Type = 7;
    public const int Flags = 8;
    public const int Size = 12;
}

/// <summary>struct ndmsg (linux/neighbour.h): 12 bytes.</summary>
internal static class NeighborMessageOffsets
{
    public const int Family = 0;
    public const int Index = 4;
    public const int State = 8;
    public const int Flags = 10;
    public const int Type = 11;
    public const int Size = 12;
}

/// <summary>Attribute numbers of if_link.h, rtnetlink.h and neighbour.h that SockScope reads.</summary>
internal static class RtAttributes
{
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_PROMISCUITY = 30;

    public const ushort RTA_DST = 1;
    public const ushort RTA_SRC = 2;
    public const ushort RTA_IIF = 3;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_PREFSRC = 7;
    public const ushort RTA_MULTIPATH = 9;
    public const ushort RTA_TABLE = 15;
    public const ushort RTA_VIA = 18;
    public const ushort RTA_PREF = 20;

    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;
}
