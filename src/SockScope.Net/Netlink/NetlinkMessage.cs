using System.Buffers.Binary;

namespace SockScope.Net.Netlink;

/// <summary>Offsets of struct nlmsghdr (linux/netlink.h): 16 bytes, host byte order.</summary>
internal static class NetlinkHeaderOffsets
{
    public const int Length = 0;
    public const int Type = 4;
    public const int Flags = 6;
    public const int Sequence = 8;
    public const int PortId = 12;
    public const int Size = 16;
}

/// <summary>Message types and flags of linux/netlink.h, rtnetlink.h and sock_diag.h that SockScope sends or reads.</summary>
public static class NetlinkConstants
{
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_MULTI = 0x2;
    public const ushort NLM_F_DUMP_INTR = 0x10;
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    public const ushort SOCK_DIAG_BY_FAMILY = 20;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_GETROUTE = 26;
    public const ushort RTM_GETNEIGH = 30;

    /// <summary>Netlink payloads and attributes are aligned to four bytes.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}

/// <summary>One netlink message of a dump: its type, flags and payload (the bytes after nlmsghdr).</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Payload = payload;
    }

    public ushort Type { get; }
    public ushort Flags { get; }
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// Splits a received datagram into messages. False when the next header is short or claims
    /// more bytes than remain (the rest of the datagram is then ignored).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool TryRead(ref ReadOnlySpan<byte> datagram, out NetlinkMessage message, out uint sequence)
    {
        message = default;
        sequence = 0;
        if (datagram.Length < NetlinkHeaderOffsets.Size) return false;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
        if (length < NetlinkHeaderOffsets.Size || length > datagram.Length) return false;
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[NetlinkHeaderOffsets.Type..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(datagram[NetlinkHeaderOffsets.Flags..]);
        sequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[NetlinkHeaderOffsets.Sequence..]);
        message = new NetlinkMessage(type, flags, datagram[NetlinkHeaderOffsets.Size..(int)length]);
        int next = Math.Min(NetlinkConstants.Align((int)length), datagram.Length);
        datagram = datagram[next..];
        return true;
    }
}

/// <summary>Receives the messages of a dump, one at a time, while the receive buffer holds them.</summary>
public interface INetlinkDumpSink
{
    void OnMessage(in NetlinkMessage message);
}
