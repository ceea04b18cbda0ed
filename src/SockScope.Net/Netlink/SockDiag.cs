using System.Buffers.Binary;
using System.Net;
using static SockScope.Net.Netlink.SockDiagConstants;

namespace SockScope.Net.Netlink;

/// <summary>
/// NETLINK_SOCK_DIAG: every request here goes through <see cref="NetlinkSocket.Dump"/>, the one
/// dump routine; each family only builds its request struct and parses its reply struct.
/// </summary>
public static class SockDiag
{
    /// <summary>Every state bit (1 &lt;&lt; SocketState) the kernel knows.</summary>
    public const uint AllStates = 0xFFFFFFFF;

    /// <summary>Appends the TCP, UDP or raw sockets of one address family to <paramref name="into"/>.</summary>
    public static void DumpInet(NetlinkSocket socket, SocketKind kind, bool ipv6, List<SocketInfo> into, uint states = AllStates)
    {
        Span<byte> request = stackalloc byte[InetDiagRequestOffsets.Size];
        request.Clear();
        request[InetDiagRequestOffsets.Family] = ipv6 ? AF_INET6 : AF_INET;
        (request[InetDiagRequestOffsets.Protocol], request[InetDiagRequestOffsets.RawProtocol]) = kind switch
        {
            SocketKind.Tcp => (IPPROTO_TCP, (byte)0),
            SocketKind.Udp => (IPPROTO_UDP, (byte)0),
            SocketKind.Raw => (IPPROTO_RAW, IPPROTO_RAW),   // raw_diag: protocol 255 in both asks for every raw socket
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "inet_diag serves tcp, udp and raw"),
        };
        BinaryPrimitives.WriteUInt32LittleEndian(request[InetDiagRequestOffsets.States..], states);
        WriteNoCookie(request[(InetDiagRequestOffsets.Id + InetDiagSockIdOffsets.Cookie)..]);
        // Thousands of sockets share a few addresses: one cache for the whole dump.
        var addresses = new AddressCache();
        socket.Dump(NetlinkConstants.SOCK_DIAG_BY_FAMILY, request,
            new RowSink<SocketInfo>(reply => ParseInet(reply, kind, addresses), into, NetlinkConstants.SOCK_DIAG_BY_FAMILY));
    }

    /// <summary>Appends every unix domain socket (name, peer, queues, uid).</summary>
    public static void DumpUnix(NetlinkSocket socket, List<SocketInfo> into, uint states = AllStates)
    {
        Span<byte> request = stackalloc byte[UnixDiagRequestOffsets.Size];
        request.Clear();
        request[UnixDiagRequestOffsets.Family] = AF_UNIX;
        BinaryPrimitives.WriteUInt32LittleEndian(request[UnixDiagRequestOffsets.States..], states);
        BinaryPrimitives.WriteUInt32LittleEndian(request[UnixDiagRequestOffsets.Show..],
            UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID);
        WriteNoCookie(request[UnixDiagRequestOffsets.Cookie..]);
        socket.Dump(NetlinkConstants.SOCK_DIAG_BY_FAMILY, request, new RowSink<SocketInfo>(ParseUnix, into, NetlinkConstants.SOCK_DIAG_BY_FAMILY));
    }

    /// <summary>Appends every AF_PACKET socket with interface, memberships, rings, fanout and filter.</summary>
    public static void DumpPacket(NetlinkSocket socket, List<SocketInfo> into)
    {
        Span<byte> request = stackalloc byte[PacketDiagRequestOffsets.Size];
        request.Clear();
        request[PacketDiagRequestOffsets.Family] = AF_PACKET;
        BinaryPrimitives.WriteUInt32LittleEndian(request[PacketDiagRequestOffsets.Show..],
            PACKET_SHOW_INFO | PACKET_SHOW_MCLIST | PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT | PACKET_SHOW_MEMINFO | PACKET_SHOW_FILTER);
        WriteNoCookie(request[PacketDiagRequestOffsets.Cookie..]);
        socket.Dump(NetlinkConstants.SOCK_DIAG_BY_FAMILY, request, new RowSink<SocketInfo>(ParsePacket, into, NetlinkConstants.SOCK_DIAG_BY_FAMILY));
    }

    /// <summary>Writes the cookie "none" (INET_DIAG_NOCOOKIE, all ones in both u32s): the kernel then matches on everything else.</summary>
    private static void WriteNoCookie(Span<byte> cookie)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(cookie, uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(cookie[4..], uint.MaxValue);
    }

    /// <summary>Parses one inet_diag_msg with its attributes; null when it is shorter than the struct.</summary>
    public static InetSocketInfo? ParseInet(ReadOnlySpan<byte> m, SocketKind kind) => ParseInet(m, kind, null);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static InetSocketInfo? ParseInet(ReadOnlySpan<byte> m, SocketKind kind, AddressCache? addresses)
    {
        if (m.Length < InetDiagMessageOffsets.Size) return null;
        bool v6 = m[InetDiagMessageOffsets.Family] == AF_INET6;
        ReadOnlySpan<byte> id = m.Slice(InetDiagMessageOffsets.Id, InetDiagSockIdOffsets.Size);
        int protocol = kind switch { SocketKind.Tcp => IPPROTO_TCP, SocketKind.Udp => IPPROTO_UDP, _ => 0 };
        var attributes = new NetlinkAttributeReader(m[InetDiagMessageOffsets.Size..]);
        while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
        {
            if (type == INET_DIAG_PROTOCOL) protocol = NetlinkAttributeReader.ReadByte(payload);
        }
        return new InetSocketInfo
        {
            Kind = kind,
            State = (SocketState)m[InetDiagMessageOffsets.State],
            Timer = m[InetDiagMessageOffsets.Timer],
            Retransmits = m[InetDiagMessageOffsets.Retransmits],
            LocalPort = BinaryPrimitives.ReadUInt16BigEndian(id[InetDiagSockIdOffsets.SourcePort..]),
            RemotePort = BinaryPrimitives.ReadUInt16BigEndian(id[InetDiagSockIdOffsets.DestinationPort..]),
            LocalAddress = AddressCache.Get(addresses, id.Slice(InetDiagSockIdOffsets.Source, v6 ? 16 : 4)),
            RemoteAddress = AddressCache.Get(addresses, id.Slice(InetDiagSockIdOffsets.Destination, v6 ? 16 : 4)),
            InterfaceIndex = BinaryPrimitives.ReadUInt32LittleEndian(id[InetDiagSockIdOffsets.Interface..]),
            ExpiresMilliseconds = BinaryPrimitives.ReadUInt32LittleEndian(m[InetDiagMessageOffsets.Expires..]),
            ReceiveQueue = BinaryPrimitives.ReadUInt32LittleEndian(m[InetDiagMessageOffsets.ReceiveQueue..]),
            SendQueue = BinaryPrimitives.ReadUInt32LittleEndian(m[InetDiagMessageOffsets.SendQueue..]),
            Uid = BinaryPrimitives.ReadUInt32LittleEndian(m[InetDiagMessageOffsets.Uid..]),
            Inode = BinaryPrimitives.ReadUInt32LittleEndian(m[InetDiagMessageOffsets.Inode..]),
            Protocol = protocol,
        };
    }

    /// <summary>Parses one unix_diag_msg with its attributes; null when short.</summary>
    public static UnixSocketInfo? ParseUnix(ReadOnlySpan<byte> m)
    {
        if (m.Length < UnixDiagMessageOffsets.Size) return null;
        string? path = null;
        uint peer = 0, fileInode = 0, rq = 0, wq = 0;
        uint? uid = null;
        var attributes = new NetlinkAttributeReader(m[UnixDiagMessageOffsets.Size..]);
        while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
        {
            switch (type)
            {
                case UNIX_DIAG_NAME:
                    // An abstract name starts with NUL; ss shows it with '@'. A path is NUL-terminated.
                    path = payload.Length > 0 && payload[0] == 0
                        ? "@" + System.Text.Encoding.UTF8.GetString(payload[1..])
                        : NetlinkAttributeReader.ReadString(payload);
                    break;
                case UNIX_DIAG_VFS:
                    fileInode = NetlinkAttributeReader.ReadUInt32(payload);
                    break;
                case UNIX_DIAG_PEER:
                    peer = NetlinkAttributeReader.ReadUInt32(payload);
                    break;
                case UNIX_DIAG_RQLEN when payload.Length >= 8:
                    rq = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                    wq = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
                    break;
                case UNIX_DIAG_UID:
                    uid = NetlinkAttributeReader.ReadUInt32(payload);
                    break;
            }
        }
        return new UnixSocketInfo
        {
            Kind = m[UnixDiagMessageOffsets.Type] switch { 2 => SocketKind.UnixDatagram, 5 => SocketKind.UnixSeqPacket, _ => SocketKind.UnixStream },
            State = (SocketState)m[UnixDiagMessageOffsets.State],
            Inode = BinaryPrimitives.ReadUInt32LittleEndian(m[UnixDiagMessageOffsets.Inode..]),
            Uid = uid,
            Path = path,
            PeerInode = peer,
            FileInode = fileInode,
            ReceiveQueue = rq,
            SendQueue = wq,
        };
    }

    /// <summary>Parses one packet_diag_msg with its attributes; null when short.</summary>
    public static PacketSocketInfo? ParsePacket(ReadOnlySpan<byte> m)
    {
        if (m.Length < PacketDiagMessageOffsets.Size) return null;
        uint ifindex = 0, version = 0, flags = 0, receiveMemory = 0, sendMemory = 0;
        uint? uid = null, fanout = null;
        PacketRingGeometry? rx = null, tx = null;
        List<PacketMembership> memberships = [];
        ClassicBpfInstruction[] filter = [];
        var attributes = new NetlinkAttributeReader(m[PacketDiagMessageOffsets.Size..]);
        while (attributes.TryNext(out ushort type, out ReadOnlySpan<byte> payload))
        {
            switch (type)
            {
                case PACKET_DIAG_INFO when payload.Length >= PacketDiagAttributeSizes.Info:
                    ifindex = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                    version = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
                    flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[20..]);
                    break;
                case PACKET_DIAG_MCLIST:
                    for (int at = 0; at + PacketDiagAttributeSizes.MulticastEntry <= payload.Length; at += PacketDiagAttributeSizes.MulticastEntry)
                    {
                        ReadOnlySpan<byte> e = payload.Slice(at, PacketDiagAttributeSizes.MulticastEntry);
                        int alen = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(e[10..]), 32);
                        memberships.Add(new PacketMembership(BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt32LittleEndian(e[4..]),
                            BinaryPrimitives.ReadUInt16LittleEndian(e[8..]), e.Slice(12, alen).ToArray()));
                    }
                    break;
                case PACKET_DIAG_RX_RING when payload.Length >= PacketDiagAttributeSizes.Ring:
                    rx = ReadRing(payload);
                    break;
                case PACKET_DIAG_TX_RING when payload.Length >= PacketDiagAttributeSizes.Ring:
                    tx = ReadRing(payload);
                    break;
                case PACKET_DIAG_FANOUT:
                    fanout = NetlinkAttributeReader.ReadUInt32(payload);
                    break;
                case PACKET_DIAG_UID:
                    uid = NetlinkAttributeReader.ReadUInt32(payload);
                    break;
                case PACKET_DIAG_MEMINFO when payload.Length >= 12:
                    // ss shows a packet socket's allocated receive and send memory as its queues.
                    receiveMemory = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                    sendMemory = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
                    break;
                case PACKET_DIAG_FILTER:
                    filter = new ClassicBpfInstruction[payload.Length / PacketDiagAttributeSizes.FilterInstruction];
                    for (int i = 0; i < filter.Length; i++)
                    {
                        ReadOnlySpan<byte> f = payload.Slice(i * PacketDiagAttributeSizes.FilterInstruction, PacketDiagAttributeSizes.FilterInstruction);
                        filter[i] = new ClassicBpfInstruction(BinaryPrimitives.ReadUInt16LittleEndian(f), f[2], f[3], BinaryPrimitives.ReadUInt32LittleEndian(f[4..]));
                    }
                    break;
            }
        }
        return new PacketSocketInfo
        {
            Kind = m[PacketDiagMessageOffsets.Type] == 2 ? SocketKind.PacketDatagram : SocketKind.PacketRaw,
            State = SocketState.Close,
            Inode = BinaryPrimitives.ReadUInt32LittleEndian(m[PacketDiagMessageOffsets.Inode..]),
            EtherType = BinaryPrimitives.ReadUInt16LittleEndian(m[PacketDiagMessageOffsets.Number..]),
            ReceiveQueue = receiveMemory,
            SendQueue = sendMemory,
            Uid = uid,
            InterfaceIndex = ifindex,
            TpacketVersion = version,
            InfoFlags = flags,
            Memberships = memberships,
            ReceiveRing = rx,
            TransmitRing = tx,
            Fanout = fanout,
            Filter = filter,
        };
    }

    private static PacketRingGeometry ReadRing(ReadOnlySpan<byte> p) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(p), BinaryPrimitives.ReadUInt32LittleEndian(p[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[8..]), BinaryPrimitives.ReadUInt32LittleEndian(p[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[16..]), BinaryPrimitives.ReadUInt32LittleEndian(p[20..]),
        BinaryPrimitives.ReadUInt32LittleEndian(p[24..]));

    /// <summary>
    /// Thousands of sockets share a few addresses (0.0.0.0, 127.0.0.1, ::): one IPAddress per
    /// distinct address for a whole dump saves an allocation per socket and lets printers cache text.
    /// </summary>
    internal sealed class AddressCache
    {
        private readonly Dictionary<uint, IPAddress> _v4 = [];
        private readonly Dictionary<(ulong, ulong), IPAddress> _v6 = [];

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public static IPAddress Get(AddressCache? cache, ReadOnlySpan<byte> bytes)
        {
            if (cache is null) return new IPAddress(bytes);
            if (bytes.Length == 4)
            {
                uint key = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                if (!cache._v4.TryGetValue(key, out IPAddress? a)) cache._v4[key] = a = new IPAddress(bytes);
                return a;
            }
            var key6 = (BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
            if (!cache._v6.TryGetValue(key6, out IPAddress? b)) cache._v6[key6] = b = new IPAddress(bytes);
            return b;
        }
    }
}
