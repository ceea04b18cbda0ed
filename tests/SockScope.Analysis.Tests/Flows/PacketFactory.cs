using System.Buffers.Binary;
using SockScope.Analysis.Flows;
using SockScope.Wire;
using SockScope.Wire.Checksums;
using SockScope.Wire.Decoding;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Tests.Flows;

/// <summary>Builds raw IPv4 TCP/UDP/ICMP packets (optionally in a VLAN-tagged Ethernet frame) for the flow tests.</summary>
internal static class PacketFactory
{
    public static byte[] Tcp(string src, ushort sport, string dst, ushort dport, uint seq, uint ack, TcpFlags flags, int payload = 0, ushort window = 65535)
    {
        var p = Ip(src, dst, 6, 20 + payload);
        Span<byte> t = p.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(t, sport);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], dport);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(t[8..], ack);
        t[12] = 5 << 4;
        t[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(t[14..], window);
        for (int i = 0; i < payload; i++) t[20 + i] = (byte)('a' + i % 26);
        return p;
    }

    public static byte[] Udp(string src, ushort sport, string dst, ushort dport, int payload = 10)
    {
        var p = Ip(src, dst, 17, 8 + payload);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(20), sport);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(22), dport);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(24), (ushort)(8 + payload));
        return p;
    }

    public static byte[] Icmp(string src, string dst, byte type, byte code, int payload = 56)
    {
        var p = Ip(src, dst, 1, 8 + payload);
        p[20] = type;
        p[21] = code;
        return p;
    }

    /// <summary>Wraps a raw IP packet in Ethernet with one 802.1Q tag.</summary>
    public static byte[] InVlan(byte[] ip, int vlan)
    {
        var f = new byte[18 + ip.Length];
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x8100);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(14), (ushort)vlan);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 0x0800);
        ip.CopyTo(f.AsSpan(18));
        return f;
    }

    private static byte[] Ip(string src, string dst, byte protocol, int payloadLength)
    {
        var p = new byte[20 + payloadLength];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        p[8] = 64;
        p[9] = protocol;
        System.Net.IPAddress.Parse(src).GetAddressBytes().CopyTo(p, 12);
        System.Net.IPAddress.Parse(dst).GetAddressBytes().CopyTo(p, 16);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), InternetChecksum.Compute(p.AsSpan(0, 20)));
        return p;
    }

    /// <summary>Decodes and counts one frame into the table; the flow it landed in.</summary>
    public static Flow Feed(this FlowTable table, byte[] frame, long timestamp, LinkType linkType = LinkType.Raw)
    {
        PacketDecoder.Decode(linkType, frame, out DecodedPacket decoded);
        Assert.True(FlowPacket.TryCreate(frame, decoded, out FlowPacket packet));
        return table.Process(packet, timestamp, frame.Length, out _);
    }
}
