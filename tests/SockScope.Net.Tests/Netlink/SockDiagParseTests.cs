using System.Buffers.Binary;
using System.Net;
using SockScope.Net.Netlink;

namespace SockScope.Net.Tests.Netlink;

/// <summary>sock_diag replies built byte by byte, parsed back.</summary>
public class SockDiagParseTests
{
    [Fact]
    public void ParsesAnInetDiagMessage()
    {
        byte[] m = new byte[72];
        m[0] = 2;                        // AF_INET
        m[1] = 10;                       // TCP_LISTEN
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), 8080);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(6), 0);
        new byte[] { 127, 0, 0, 1 }.CopyTo(m, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(40), 1);   // idiag_if
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(56), 3);   // rqueue
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(60), 128); // wqueue
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(64), 1000);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(68), 424242);
        InetSocketInfo? s = SockDiag.ParseInet(m, SocketKind.Tcp);
        Assert.NotNull(s);
        Assert.Equal(SocketState.Listen, s.State);
        Assert.Equal("LISTEN", s.StateName);
        Assert.Equal(IPAddress.Loopback, s.LocalAddress);
        Assert.Equal(8080, s.LocalPort);
        Assert.Equal(IPAddress.Any, s.RemoteAddress);
        Assert.Equal(1u, s.InterfaceIndex);
        Assert.Equal(3u, s.ReceiveQueue);
        Assert.Equal(128u, s.SendQueue);
        Assert.Equal(1000u, s.Uid);
        Assert.Equal(424242u, s.Inode);
        Assert.Equal("tcp", s.NetId);
        Assert.Null(SockDiag.ParseInet(m.AsSpan(0, 71), SocketKind.Tcp));
    }

    [Fact]
    public void RawSocketTakesItsProtocolFromTheAttribute()
    {
        byte[] m = new byte[72 + 8];
        m[0] = 10;
        m[1] = 7;
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(72), 5);   // INET_DIAG_PROTOCOL, u8
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(74), 15);
        m[76] = 58;
        InetSocketInfo s = SockDiag.ParseInet(m, SocketKind.Raw)!;
        Assert.Equal(58, s.Protocol);
        Assert.Equal(IPAddress.IPv6Any, s.LocalAddress);
        Assert.Equal("UNCONN", s.StateName);
    }

    [Fact]
    public void ParsesUnixNamesPeersAndAbstractNames()
    {
        byte[] abstractName = [0, (byte)'x', (byte)'y'];
        byte[] m = Message(16, [(0, abstractName), (2, U32(77)), (4, [.. U32(5), .. U32(6)]), (7, U32(1000))]);
        m[1] = 5;    // SOCK_SEQPACKET
        m[2] = 1;    // ESTABLISHED
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), 99);
        UnixSocketInfo s = SockDiag.ParseUnix(m)!;
        Assert.Equal(SocketKind.UnixSeqPacket, s.Kind);
        Assert.Equal("@xy", s.Path);
        Assert.Equal(77u, s.PeerInode);
        Assert.Equal(5u, s.ReceiveQueue);
        Assert.Equal(6u, s.SendQueue);
        Assert.Equal(1000u, s.Uid);
        Assert.Equal(99u, s.Inode);
        Assert.Equal("u_seq", s.NetId);
    }

    [Fact]
    public void ParsesPacketSocketMembershipsRingsFanoutAndFilter()
    {
        byte[] info = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(info, 2);        // ifindex
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(4), 2); // TPACKET_V3
        byte[] mclist = new byte[48];
        BinaryPrimitives.WriteUInt32LittleEndian(mclist, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(mclist.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(mclist.AsSpan(8), 1);  // PACKET_MR_PROMISC
        byte[] ring = new byte[28];
        BinaryPrimitives.WriteUInt32LittleEndian(ring, 1 << 22);
        BinaryPrimitives.WriteUInt32LittleEndian(ring.AsSpan(4), 64);
        byte[] filter = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(filter, 0x28);
        BinaryPrimitives.WriteUInt32LittleEndian(filter.AsSpan(4), 12);
        BinaryPrimitives.WriteUInt16LittleEndian(filter.AsSpan(8), 0x06);
        BinaryPrimitives.WriteUInt32LittleEndian(filter.AsSpan(12), 262144);
        byte[] meminfo = [.. U32(4096), .. U32(212992), .. U32(768)];     // rmem_alloc, rcvbuf, wmem_alloc
        byte[] m = Message(16, [(0, info), (1, mclist), (2, ring), (4, U32(0x0003_0007)), (5, U32(0)), (6, meminfo), (7, filter)]);
        m[1] = 3;                                                   // SOCK_RAW
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(2), 3);  // ETH_P_ALL
        PacketSocketInfo s = SockDiag.ParsePacket(m)!;
        Assert.Equal(SocketKind.PacketRaw, s.Kind);
        Assert.Equal(3, s.EtherType);
        Assert.Equal(2u, s.InterfaceIndex);
        Assert.Equal(2u, s.TpacketVersion);
        Assert.True(s.Promiscuous);
        Assert.Equal(1u << 22, s.ReceiveRing!.Value.BlockSize);
        Assert.Null(s.TransmitRing);
        Assert.Equal(0x0003_0007u, s.Fanout);
        Assert.Equal(0u, s.Uid);
        Assert.Equal(4096u, s.ReceiveQueue);
        Assert.Equal(768u, s.SendQueue);
        Assert.Equal([new ClassicBpfInstruction(0x28, 0, 0, 12), new ClassicBpfInstruction(0x06, 0, 0, 262144)], s.Filter);
    }

    private static byte[] U32(uint v)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static byte[] Message(int headerSize, (ushort Type, byte[] Payload)[] attributes)
    {
        var bytes = new List<byte>(new byte[headerSize]);
        foreach ((ushort type, byte[] payload) in attributes)
        {
            int length = 4 + payload.Length;
            bytes.AddRange(BitConverter.GetBytes((ushort)length));
            bytes.AddRange(BitConverter.GetBytes(type));
            bytes.AddRange(payload);
            while (bytes.Count % 4 != 0) bytes.Add(0);
        }
        return bytes.ToArray();
    }
}
