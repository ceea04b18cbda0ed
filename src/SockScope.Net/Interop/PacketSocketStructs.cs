using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

// Layouts of include/uapi/linux/if_packet.h and linux/filter.h (x86-64 and every 64-bit Linux:
// no field here changes size with the architecture). Sizes are asserted in InteropLayoutTests.

/// <summary>Option names at SOL_PACKET and the values they take.</summary>
internal static class PacketSocketOptions
{
    internal const int SOL_PACKET = 263;
    internal const ushort ETH_P_ALL = 0x0003;

    internal const int PACKET_ADD_MEMBERSHIP = 1;
    internal const int PACKET_DROP_MEMBERSHIP = 2;
    internal const int PACKET_RX_RING = 5;
    internal const int PACKET_STATISTICS = 6;
    internal const int PACKET_VERSION = 10;
    internal const int PACKET_RESERVE = 12;
    internal const int PACKET_FANOUT = 18;
    internal const int PACKET_IGNORE_OUTGOING = 23;

    internal const int TPACKET_V3 = 2;
    internal const int TPACKET_ALIGNMENT = 16;

    internal const ushort PACKET_MR_PROMISC = 1;

    internal const uint TP_STATUS_KERNEL = 0;
    internal const uint TP_STATUS_USER = 1 << 0;
    internal const uint TP_STATUS_VLAN_VALID = 1 << 4;
    internal const uint TP_STATUS_VLAN_TPID_VALID = 1 << 6;

    internal const int PACKET_FANOUT_FLAG_ROLLOVER = 0x1000;
    internal const int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;

    internal static int Align(int x) => (x + TPACKET_ALIGNMENT - 1) & ~(TPACKET_ALIGNMENT - 1);
}

/// <summary>struct tpacket_req3: the receive ring's geometry, given with PACKET_RX_RING.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TPacketReq3
{
    public uint BlockSize;
    public uint BlockCount;
    public uint FrameSize;
    public uint FrameCount;
    /// <summary>Milliseconds after which the kernel hands over a block that holds packets but is not full.</summary>
    public uint RetireBlockTimeoutMs;
    public uint SizeofPriv;
    public uint FeatureRequestWord;
}

/// <summary>Offsets in struct tpacket_block_desc (version, offset_to_priv, then struct tpacket_hdr_v1).</summary>
internal static class BlockDescriptorOffsets
{
    public const int Size = 48;
    public const int Version = 0;
    public const int BlockStatus = 8;
    public const int PacketCount = 12;
    public const int OffsetToFirstPacket = 16;
    public const int BlockLength = 20;
    public const int SequenceNumber = 24;
}

/// <summary>Offsets in struct tpacket3_hdr, the header in front of each frame of a block.</summary>
internal static class FrameHeaderOffsets
{
    public const int Size = 48;
    public const int NextOffset = 0;
    public const int Seconds = 4;
    public const int Nanoseconds = 8;
    public const int SnapLength = 12;
    public const int Length = 16;
    public const int Status = 20;
    public const int Mac = 24;
    public const int Net = 26;
    public const int RxHash = 28;
    public const int VlanTci = 32;
    public const int VlanTpid = 36;
    /// <summary>struct sockaddr_ll follows the header at TPACKET_ALIGN(sizeof(tpacket3_hdr)).</summary>
    public const int LinkAddress = 48;
}

/// <summary>struct sockaddr_ll.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockAddrLl
{
    public ushort Family;
    /// <summary>Network byte order.</summary>
    public ushort Protocol;
    public int InterfaceIndex;
    public ushort HardwareType;
    public byte PacketType;
    public byte AddressLength;
    public fixed byte Address[8];
}

/// <summary>Offsets in struct sockaddr_ll as it sits in a ring frame.</summary>
internal static class SockAddrLlOffsets
{
    public const int Size = 20;
    public const int Protocol = 2;
    public const int InterfaceIndex = 4;
    public const int HardwareType = 8;
    public const int PacketType = 10;
    public const int AddressLength = 11;
    public const int Address = 12;
}

/// <summary>struct packet_mreq for PACKET_ADD_MEMBERSHIP.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PacketMreq
{
    public int InterfaceIndex;
    public ushort Type;
    public ushort AddressLength;
    public fixed byte Address[8];
}

/// <summary>struct tpacket_stats_v3: counters since the last read (reading resets them).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TPacketStatsV3
{
    public uint Packets;
    public uint Drops;
    public uint FreezeQueueCount;
}

/// <summary>struct sock_filter: one classic BPF instruction.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockFilter
{
    public ushort Code;
    public byte JumpTrue;
    public byte JumpFalse;
    public uint K;

    public SockFilter(ushort code, byte jt, byte jf, uint k) { Code = code; JumpTrue = jt; JumpFalse = jf; K = k; }
}

/// <summary>struct sock_fprog for SO_ATTACH_FILTER.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockFprog
{
    public ushort Length;
    public SockFilter* Filter;
}
