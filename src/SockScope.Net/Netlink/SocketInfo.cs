using System.Net;

namespace SockScope.Net.Netlink;

/// <summary>
/// Socket states as sock_diag reports them (the TCP state numbers of include/net/tcp_states.h;
/// UDP, raw, unix and packet sockets use Established and Close too).
/// </summary>
public enum SocketState : byte
{
    Unknown = 0,
    Established = 1,
    SynSent = 2,
    SynReceived = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
    NewSynReceived = 12,
}

/// <summary>The socket kinds `ss` names in its Netid column.</summary>
public enum SocketKind
{
    Tcp,
    Udp,
    Raw,
    UnixStream,
    UnixDatagram,
    UnixSeqPacket,
    PacketRaw,
    PacketDatagram,
}

/// <summary>What every sock_diag family reports: identity (inode), owner uid, state and queues.</summary>
public abstract class SocketInfo
{
    public required SocketKind Kind { get; init; }
    public required SocketState State { get; init; }
    public required uint Inode { get; init; }
    /// <summary>The socket's uid, or null where the kernel did not report it.</summary>
    public uint? Uid { get; init; }
    public uint ReceiveQueue { get; init; }
    public uint SendQueue { get; init; }

    /// <summary>The Netid column of ss: tcp, udp, raw, u_str, u_dgr, u_seq, p_raw, p_dgr.</summary>
    public string NetId => Kind switch
    {
        SocketKind.Tcp => "tcp",
        SocketKind.Udp => "udp",
        SocketKind.Raw => "raw",
        SocketKind.UnixStream => "u_str",
        SocketKind.UnixDatagram => "u_dgr",
        SocketKind.UnixSeqPacket => "u_seq",
        SocketKind.PacketRaw => "p_raw",
        _ => "p_dgr",
    };

    /// <summary>The state as ss prints it (ESTAB, LISTEN, UNCONN, TIME-WAIT, ...).</summary>
    public string StateName => SocketStateNames.Ss(State);
}

public static class SocketStateNames
{
    /// <summary>ss's spelling of each state; TCP_CLOSE is UNCONN, as ss shows unconnected UDP sockets.</summary>
    public static string Ss(SocketState state) => state switch
    {
        SocketState.Established => "ESTAB",
        SocketState.SynSent => "SYN-SENT",
        SocketState.SynReceived or SocketState.NewSynReceived => "SYN-RECV",
        SocketState.FinWait1 => "FIN-WAIT-1",
        SocketState.FinWait2 => "FIN-WAIT-2",
        SocketState.TimeWait => "TIME-WAIT",
        SocketState.Close => "UNCONN",
        SocketState.CloseWait => "CLOSE-WAIT",
        SocketState.LastAck => "LAST-ACK",
        SocketState.Listen => "LISTEN",
        SocketState.Closing => "CLOSING",
        _ => "UNKNOWN",
    };
}

/// <summary>A TCP, UDP or raw IP socket from inet_diag.</summary>
public sealed class InetSocketInfo : SocketInfo
{
    public required IPAddress LocalAddress { get; init; }
    public required int LocalPort { get; init; }
    public required IPAddress RemoteAddress { get; init; }
    public required int RemotePort { get; init; }
    /// <summary>The interface the socket is bound to (SO_BINDTODEVICE or a scoped address), 0 for none.</summary>
    public uint InterfaceIndex { get; init; }
    /// <summary>For raw sockets, the IP protocol it receives (IPPROTO_ICMP, ...); the transport otherwise.</summary>
    public int Protocol { get; init; }
    public byte Timer { get; init; }
    public byte Retransmits { get; init; }
    public uint ExpiresMilliseconds { get; init; }
}

/// <summary>A unix domain socket from unix_diag.</summary>
public sealed class UnixSocketInfo : SocketInfo
{
    /// <summary>The bound path; an abstract name starts with '@' as ss shows it; null when unbound.</summary>
    public string? Path { get; init; }
    /// <summary>The inode of the connected peer, 0 for none.</summary>
    public uint PeerInode { get; init; }
    /// <summary>The inode of the bound file (UNIX_DIAG_VFS), 0 for none.</summary>
    public uint FileInode { get; init; }
}

/// <summary>An AF_PACKET socket from packet_diag: what a sniffer holds.</summary>
public sealed class PacketSocketInfo : SocketInfo
{
    /// <summary>The ethertype it was opened or bound with (ETH_P_ALL = 3, ETH_P_IP = 0x800, ...), host order.</summary>
    public required int EtherType { get; init; }
    /// <summary>The bound interface, 0 for all interfaces.</summary>
    public uint InterfaceIndex { get; init; }
    /// <summary>TPACKET version (0 = V1, 1 = V2, 2 = V3).</summary>
    public uint TpacketVersion { get; init; }
    public uint InfoFlags { get; init; }
    public IReadOnlyList<PacketMembership> Memberships { get; init; } = [];
    public PacketRingGeometry? ReceiveRing { get; init; }
    public PacketRingGeometry? TransmitRing { get; init; }
    /// <summary>PACKET_FANOUT group: id in the low 16 bits, type in the next 8 (fanout mode), null for none.</summary>
    public uint? Fanout { get; init; }
    /// <summary>The classic BPF filter attached with SO_ATTACH_FILTER, empty for none (or when not visible).</summary>
    public IReadOnlyList<ClassicBpfInstruction> Filter { get; init; } = [];

    /// <summary>True when one of the memberships is PACKET_MR_PROMISC.</summary>
    public bool Promiscuous => Memberships.Any(m => m.Type == PacketMembership.PromiscuousType);
}

/// <summary>A PACKET_ADD_MEMBERSHIP entry (struct packet_diag_mclist).</summary>
public readonly record struct PacketMembership(uint InterfaceIndex, uint Count, ushort Type, byte[] Address)
{
    public const ushort MulticastType = 0;
    public const ushort PromiscuousType = 1;
    public const ushort AllMulticastType = 2;
    public const ushort UnicastType = 3;

    public string TypeName => Type switch
    {
        MulticastType => "multicast",
        PromiscuousType => "promisc",
        AllMulticastType => "allmulti",
        UnicastType => "unicast",
        _ => "type " + Type,
    };
}

/// <summary>A PACKET_RX_RING or PACKET_TX_RING configuration (struct packet_diag_ring).</summary>
public readonly record struct PacketRingGeometry(uint BlockSize, uint BlockCount, uint FrameSize, uint FrameCount, uint RetireTimeoutMs, uint PrivateSize, uint Features);

/// <summary>One classic BPF instruction (struct sock_filter) as attached to a socket.</summary>
public readonly record struct ClassicBpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K);
