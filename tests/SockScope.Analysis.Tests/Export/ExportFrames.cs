using System.Buffers.Binary;
using SockScope.Analysis.Export;
using SockScope.Wire;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Tests.Export;

/// <summary>Hand-made raw IP frames (link type RAW) for the export tests, and their classification.</summary>
internal static class ExportFrames
{
    public static byte[] Ipv4(byte protocol, string source, string destination, ReadOnlySpan<byte> payload,
        ushort flagsAndOffset = 0, byte tos = 0)
    {
        var b = new byte[20 + payload.Length];
        b[0] = 0x45;
        b[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)b.Length);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(6), flagsAndOffset);
        b[8] = 64;
        b[9] = protocol;
        System.Net.IPAddress.Parse(source).GetAddressBytes().CopyTo(b, 12);
        System.Net.IPAddress.Parse(destination).GetAddressBytes().CopyTo(b, 16);
        payload.CopyTo(b.AsSpan(20));
        return b;
    }

    public static byte[] Ipv6(byte nextHeader, string source, string destination, ReadOnlySpan<byte> payload)
    {
        var b = new byte[40 + payload.Length];
        b[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), (ushort)payload.Length);
        b[6] = nextHeader;
        b[7] = 64;
        System.Net.IPAddress.Parse(source).GetAddressBytes().CopyTo(b, 8);
        System.Net.IPAddress.Parse(destination).GetAddressBytes().CopyTo(b, 24);
        payload.CopyTo(b.AsSpan(40));
        return b;
    }

    public static byte[] Udp(ushort sport, ushort dport, int dataLength = 4)
    {
        var b = new byte[8 + dataLength];
        BinaryPrimitives.WriteUInt16BigEndian(b, sport);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), dport);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), (ushort)b.Length);
        return b;
    }

    public static byte[] Tcp(ushort sport, ushort dport, byte flags)
    {
        var b = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(b, sport);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), dport);
        b[12] = 0x50;
        b[13] = flags;
        return b;
    }

    public static byte[] Icmp(byte type, byte code) => [type, code, 0, 0, 0, 1, 0, 1];

    /// <summary>Decodes and classifies a raw IP frame; the original length may exceed the bytes (a cut capture).</summary>
    public static ExportPacket Classify(byte[] frame, int originalLength = -1)
    {
        PacketDecoder.Decode(LinkType.Raw, frame, out DecodedPacket decoded);
        Assert.True(ExportPacketClassifier.TryClassify(frame, originalLength < 0 ? frame.Length : originalLength, decoded, out ExportPacket packet));
        return packet;
    }
}
