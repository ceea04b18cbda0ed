namespace SockScope.Net.Netlink;

/// <summary>struct inet_diag_sockid (linux/inet_diag.h): ports and addresses in network order, 48 bytes.</summary>
internal static class InetDiagSockIdOffsets
{
    public const int SourcePort = 0;
    public const int DestinationPort = 2;
    public const int Source = 4;
    public const int Destination = 20;
    public const int Interface = 36;
    public const int Cookie = 40;
    public const int Size = 48;
}

/// <summary>struct inet_diag_req_v2: 56 bytes. For raw sockets the pad byte carries the IP protocol (inet_diag_req_raw).</summary>
internal static class InetDiagRequestOffsets
{
    public const int Family = 0;
    public const int Protocol = 1;
    public const int Extensions = 2;
    public const int RawProtocol = 3;
    public const int States = 4;
    public const int Id = 8;
    public const int Size = 56;
}

/// <summary>struct inet_diag_msg: 72 bytes, followed by INET_DIAG_* attributes.</summary>
internal static class InetDiagMessageOffsets
{
    public const int Family = 0;
    public const int State = 1;
    public const int Timer = 2;
    public const int Retransmits = 3;
    public const int Id = 4;
    public const int Expires = 52;
    public const int ReceiveQueue = 56;
    public const int SendQueue = 60;
    public const int Uid = 64;
    public const int Inode = 68;
    public const int Size = 72;
}

/// <summary>struct unix_diag_req: 24 bytes.</summary>
internal static class UnixDiagRequestOffsets
{
    public const int Family = 0;
    public const int Protocol = 1;
    public const int States = 4;
    public const int Inode = 8;
    public const int Show = 12;
    public const int Cookie = 16;
    public const int Size = 24;
}

/// <summary>struct unix_diag_msg: 16 bytes, followed by UNIX_DIAG_* attributes.</summary>
internal static class UnixDiagMessageOffsets
{
    public const int Family = 0;
    public const int Type = 1;
    public const int State = 2;
    public const int Inode = 4;
    public const int Cookie = 8;
    public const int Size = 16;
}

/// <summary>struct packet_diag_req: 20 bytes.</summary>
internal static class PacketDiagRequestOffsets
{
    public const int Family = 0;
    public const int Protocol = 1;
    public const int Inode = 4;
    public const int Show = 8;
    public const int Cookie = 12;
    public const int Size = 20;
}

/// <summary>struct packet_diag_msg: 16 bytes, followed by PACKET_DIAG_* attributes.</summary>
internal static class PacketDiagMessageOffsets
{
    public const int Family = 0;
    public const int Type = 1;
    public const int Number = 2;
    public const int Inode = 4;
    public const int Cookie = 8;
    public const int Size = 16;
}

/// <summary>Sizes of the structs carried in PACKET_DIAG_* attributes.</summary>
internal static class PacketDiagAttributeSizes
{
    public const int Info = 24;        // struct packet_diag_info
    public const int MulticastEntry = 48;  // struct packet_diag_mclist
    public const int Ring = 28;        // struct packet_diag_ring
    public const int FilterInstruction = 8;  // struct sock_filter
}

/// <summary>Attribute numbers and request flags of inet_diag.h, unix_diag.h and packet_diag.h.</summary>
internal static class SockDiagConstants
{
    public const byte AF_UNIX = 1;
    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;
    public const byte AF_PACKET = 17;
    public const byte IPPROTO_TCP = 6;
    public const byte IPPROTO_UDP = 17;
    public const byte IPPROTO_RAW = 255;

    public const ushort INET_DIAG_PROTOCOL = 15;
    public const ushort INET_DIAG_SKV6ONLY = 16;

    public const uint UDIAG_SHOW_NAME = 0x01;
    public const uint UDIAG_SHOW_VFS = 0x02;
    public const uint UDIAG_SHOW_PEER = 0x04;
    public const uint UDIAG_SHOW_RQLEN = 0x10;
    public const uint UDIAG_SHOW_UID = 0x40;
    public const ushort UNIX_DIAG_NAME = 0;
    public const ushort UNIX_DIAG_VFS = 1;
    public const ushort UNIX_DIAG_PEER = 2;
    public const ushort UNIX_DIAG_RQLEN = 4;
    public const ushort UNIX_DIAG_UID = 7;

    public const uint PACKET_SHOW_INFO = 0x01;
    public const uint PACKET_SHOW_MCLIST = 0x02;
    public const uint PACKET_SHOW_RING_CFG = 0x04;
    public const uint PACKET_SHOW_FANOUT = 0x08;
    public const uint PACKET_SHOW_MEMINFO = 0x10;
    public const uint PACKET_SHOW_FILTER = 0x20;
    public const ushort PACKET_DIAG_INFO = 0;
    public const ushort PACKET_DIAG_MCLIST = 1;
    public const ushort PACKET_DIAG_RX_RING = 2;
    public const ushort PACKET_DIAG_TX_RING = 3;
    public const ushort PACKET_DIAG_FANOUT = 4;
    public const ushort PACKET_DIAG_UID = 5;
    public const ushort PACKET_DIAG_MEMINFO = 6;   // u32 sk_meminfo[]: rmem_alloc, rcvbuf, wmem_alloc, ...
    public const ushort PACKET_DIAG_FILTER = 7;
}
