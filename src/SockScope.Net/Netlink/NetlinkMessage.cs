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
    /// <summary>NLMSG_ERROR (2): an error report (a negative errno, 0 for an acknowledgement) followed by the request's header.</summary>
    public const ushort NLMSG_ERROR = 2;
    /// <summary>NLMSG_DONE (3): ends a multipart dump; sock_diag puts the dump's status (a negative errno or 0) in its payload.</summary>
    public const ushort NLMSG_DONE = 3;
    /// <summary>NLM_F_REQUEST (0x1): set on every request to the kernel.</summary>
    public const ushort NLM_F_REQUEST = 0x1;
    /// <summary>NLM_F_MULTI (0x2): the message is part of a multipart reply that NLMSG_DONE ends.</summary>
    public const ushort NLM_F_MULTI = 0x2;
    /// <summary>NLM_F_DUMP_INTR (0x10): the dump was interrupted by a change and may be inconsistent.</summary>
    public const ushort NLM_F_DUMP_INTR = 0x10;
    /// <summary>NLM_F_ROOT (0x100): return the whole table rather than one entry.</summary>
    public const ushort NLM_F_ROOT = 0x100;
    /// <summary>NLM_F_MATCH (0x200): return every entry matching the request's criteria.</summary>
    public const ushort NLM_F_MATCH = 0x200;
    /// <summary>NLM_F_DUMP (0x300): NLM_F_ROOT | NLM_F_MATCH, a full dump.</summary>
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    /// <summary>SOCK_DIAG_BY_FAMILY (20): a sock_diag request for the sockets of one address family (NETLINK_SOCK_DIAG).</summary>
    public const ushort SOCK_DIAG_BY_FAMILY = 20;
    /// <summary>RTM_GETLINK (18): dumps network interfaces (NETLINK_ROUTE).</summary>
    public const ushort RTM_GETLINK = 18;
    /// <summary>RTM_GETROUTE (26): dumps routes (NETLINK_ROUTE).</summary>
    public const ushort RTM_GETROUTE = 26;
    /// <summary>RTM_GETNEIGH (30): dumps neighbour (ARP / NDP) entries (NETLINK_ROUTE).</summary>
    public const ushort RTM_GETNEIGH = 30;

    /// <summary>Netlink payloads and attributes are aligned to four bytes.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}

/// <summary>One netlink message of a dump: its type, flags and payload (the bytes after nlmsghdr).</summary>
public readonly ref struct NetlinkMessage
{
    /// <summary>Wraps one message's fields.</summary>
    /// <param name="type">nlmsg_type.</param>
    /// <param name="flags">nlmsg_flags.</param>
    /// <param name="payload">The bytes after the 16-byte nlmsghdr, up to nlmsg_len.</param>
    public NetlinkMessage(ushort type, ushort flags, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Payload = payload;
    }

    /// <summary>nlmsg_type: a protocol's message type (RTM_NEWLINK, SOCK_DIAG_BY_FAMILY ...) or NLMSG_ERROR / NLMSG_DONE.</summary>
    public ushort Type { get; }
    /// <summary>nlmsg_flags: NLM_F_* bits (NLM_F_MULTI on dump replies).</summary>
    public ushort Flags { get; }
    /// <summary>The message body after the 16-byte nlmsghdr, in host byte order; valid only while the receive buffer is (during the <see cref="INetlinkDumpSink.OnMessage"/> call).</summary>
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
    /// <summary>Handles one reply message (never NLMSG_DONE or NLMSG_ERROR, which end the dump); its payload is valid only during the call.</summary>
    void OnMessage(in NetlinkMessage message);
}
