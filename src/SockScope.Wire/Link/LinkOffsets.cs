namespace SockScope.Wire.Link;

/// <summary>Linux cooked capture v1 (LINKTYPE_LINUX_SLL): 16 bytes, big-endian fields.</summary>
internal static class SllOffsets
{
    public const int PacketType = 0;
    public const int ArphrdType = 2;
    public const int AddressLength = 4;
    public const int Address = 6;
    public const int AddressCapacity = 8;
    public const int Protocol = 14;
    public const int HeaderLength = 16;
}

/// <summary>Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): 20 bytes, protocol first.</summary>
internal static class Sll2Offsets
{
    public const int Protocol = 0;
    public const int Reserved = 2;
    public const int InterfaceIndex = 4;
    public const int ArphrdType = 8;
    public const int PacketType = 10;
    public const int AddressLength = 11;
    public const int Address = 12;
    public const int AddressCapacity = 8;
    public const int HeaderLength = 20;
}

/// <summary>BSD loopback (NULL: host byte order of the writer) and OpenBSD LOOP (network order).</summary>
internal static class NullLoopbackOffsets
{
    public const int Family = 0;
    public const int HeaderLength = 4;
}
