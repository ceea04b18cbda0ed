using System.Net;

namespace SockScope.Net.Netlink;

/// <summary>
/// Socket states as sock_diag reports them (the TCP state numbers of include/net/tcp_states.h;
/// UDP, raw, unix and packet sockets use Established and Close too).
/// </summary>
public enum SocketState : byte
{
    /// <summary>Not a state the kernel reports (0).</summary>
    Unknown = 0,
    /// <summary>TCP_ESTABLISHED (1): a connected TCP socket; also a connected UDP or raw socket.</summary>
    Established = 1,
    /// <summary>TCP_SYN_SENT (2): an active open sent its SYN and awaits the SYN-ACK.</summary>
    SynSent = 2,
    /// <summary>TCP_SYN_RECV (3): a SYN was received and a SYN-ACK sent (a Fast Open child socket).</summary>
    SynReceived = 3,
    /// <summary>TCP_FIN_WAIT1 (4): this side closed and sent FIN, not yet acknowledged.</summary>
    FinWait1 = 4,
    /// <summary>TCP_FIN_WAIT2 (5): our FIN was acknowledged; waiting for the peer's FIN.</summary>
    FinWait2 = 5,
    /// <summary>TCP_TIME_WAIT (6): both sides closed; the connection lingers for 2*MSL to absorb late segments.</summary>
    TimeWait = 6,
    /// <summary>TCP_CLOSE (7): closed; for UDP and raw sockets, not connected (ss prints UNCONN).</summary>
    Close = 7,
    /// <summary>TCP_CLOSE_WAIT (8): the peer closed; waiting for the local application to close.</summary>
    CloseWait = 8,
    /// <summary>TCP_LAST_ACK (9): closed after the peer; waiting for the acknowledgement of our FIN.</summary>
    LastAck = 9,
    /// <summary>TCP_LISTEN (10): a listening socket accepting connections.</summary>
    Listen = 10,
    /// <summary>TCP_CLOSING (11): both sides sent FIN at once; waiting for the acknowledgement.</summary>
    Closing = 11,
    /// <summary>TCP_NEW_SYN_RECV (12): a connection request (request sock) not yet accepted into the listen queue's children.</summary>
    NewSynReceived = 12,
}

/// <summary>The socket kinds `ss` names in its Netid column.</summary>
public enum SocketKind
{
    /// <summary>A TCP socket (ss: tcp).</summary>
    Tcp,
    /// <summary>A UDP socket (ss: udp).</summary>
    Udp,
    /// <summary>A raw IP socket, SOCK_RAW in AF_INET or AF_INET6 (ss: raw).</summary>
    Raw,
    /// <summary>A unix domain SOCK_STREAM socket (ss: u_str).</summary>
    UnixStream,
    /// <summary>A unix domain SOCK_DGRAM socket (ss: u_dgr).</summary>
    UnixDatagram,
    /// <summary>A unix domain SOCK_SEQPACKET socket (ss: u_seq).</summary>
    UnixSeqPacket,
    /// <summary>An AF_PACKET SOCK_RAW socket, which sees link-layer headers (ss: p_raw).</summary>
    PacketRaw,
    /// <summary>An AF_PACKET SOCK_DGRAM socket, which sees packets without link-layer headers (ss: p_dgr).</summary>
    PacketDatagram,
}

/// <summary>What every sock_diag family reports: identity (inode), owner uid, state and queues.</summary>
public abstract class SocketInfo
{
    /// <summary>Which kind of socket this is (the Netid column of ss).</summary>
    public required SocketKind Kind { get; init; }
    /// <summary>The socket's state; TCP's state machine, or Established / Close for other sockets.</summary>
    public required SocketState State { get; init; }
    /// <summary>The socket's inode number, the key that links it to the processes holding it (/proc/PID/fd entries read <c>socket:[INODE]</c>).</summary>
    public required uint Inode { get; init; }
    /// <summary>The socket's uid, or null where the kernel did not report it.</summary>
    public uint? Uid { get; init; }
    /// <summary>ss's Recv-Q: bytes received and not yet read; for a TCP listener, the connections waiting to be accepted; for a packet socket, the receive buffer memory in use (bytes).</summary>
    public uint ReceiveQueue { get; init; }
    /// <summary>ss's Send-Q: bytes sent and not yet acknowledged (TCP) or not yet sent; for a TCP listener, the accept backlog limit; for a packet socket, the send buffer memory in use (bytes).</summary>
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

/// <summary>The spellings of <see cref="SocketState"/> used by ss; plumbing for <see cref="SocketInfo.StateName"/>.</summary>
internal static class SocketStateNames
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
    /// <summary>The local address; the unspecified address (0.0.0.0 or ::) when bound to every address.</summary>
    public required IPAddress LocalAddress { get; init; }
    /// <summary>The local port (converted from the wire's big-endian); for a raw socket, the kernel reports its protocol number here, as ss shows it.</summary>
    public required int LocalPort { get; init; }
    /// <summary>The remote address; the unspecified address when not connected.</summary>
    public required IPAddress RemoteAddress { get; init; }
    /// <summary>The remote port (converted from the wire's big-endian); 0 when not connected.</summary>
    public required int RemotePort { get; init; }
    /// <summary>The interface the socket is bound to (SO_BINDTODEVICE or a scoped address), 0 for none.</summary>
    public uint InterfaceIndex { get; init; }
    /// <summary>For raw sockets, the IP protocol it receives (IPPROTO_ICMP, ...); the transport otherwise.</summary>
    public int Protocol { get; init; }
    /// <summary>idiag_timer, the pending TCP timer: 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe.</summary>
    public byte Timer { get; init; }
    /// <summary>idiag_retrans: for the retransmit timer, the retransmissions so far; otherwise the unanswered keepalive or window probes.</summary>
    public byte Retransmits { get; init; }
    /// <summary>Milliseconds until the pending timer fires (idiag_expires); 0 without a timer.</summary>
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
    /// <summary>pdi_flags: PDI_RUNNING 0x1, PDI_AUXDATA 0x2, PDI_ORIGDEV 0x4, PDI_VNETHDR 0x8, PDI_LOSS 0x10.</summary>
    public uint InfoFlags { get; init; }
    /// <summary>The PACKET_ADD_MEMBERSHIP entries (promiscuous, all-multicast, multicast and unicast addresses), empty for none.</summary>
    public IReadOnlyList<PacketMembership> Memberships { get; init; } = [];
    /// <summary>The PACKET_RX_RING the socket mapped (a capture ring), null without one.</summary>
    public PacketRingGeometry? ReceiveRing { get; init; }
    /// <summary>The PACKET_TX_RING the socket mapped (a send ring), null without one.</summary>
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
    /// <summary>PACKET_MR_MULTICAST (0): receive one multicast link-layer address.</summary>
    public const ushort MulticastType = 0;
    /// <summary>PACKET_MR_PROMISC (1): put the interface in promiscuous mode.</summary>
    public const ushort PromiscuousType = 1;
    /// <summary>PACKET_MR_ALLMULTI (2): receive every multicast frame.</summary>
    public const ushort AllMulticastType = 2;
    /// <summary>PACKET_MR_UNICAST (3): receive one extra unicast link-layer address.</summary>
    public const ushort UnicastType = 3;

    /// <summary>The type as a short word: multicast, promisc, allmulti, unicast, or "type N" for another value.</summary>
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
