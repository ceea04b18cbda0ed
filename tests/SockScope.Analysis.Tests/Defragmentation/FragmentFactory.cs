using System.Buffers.Binary;
using SockScope.Wire.Checksums;

namespace SockScope.Analysis.Tests.Defragmentation;

/// <summary>Builds IPv4 and IPv6 fragments by hand (RFC 791 / RFC 8200 layouts) for the defragmenter tests.</summary>
internal static class FragmentFactory
{
    public static byte[] Payload(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 7 + seed);
        return bytes;
    }

    /// <summary>An IPv4 fragment 10.0.0.1 → 10.0.0.2 carrying <paramref name="data"/> at byte offset <paramref name="offset"/> of the datagram payload.</summary>
    public static byte[] V4(ushort id, int offset, bool more, ReadOnlySpan<byte> data, byte protocol = 17, byte lastOctet = 1)
    {
        var p = new byte[20 + data.Length];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), (ushort)((more ? 0x2000 : 0) | (offset >> 3)));
        p[8] = 64;
        p[9] = protocol;
        p[12] = 10; p[15] = lastOctet;
        p[16] = 10; p[19] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), InternetChecksum.Compute(p.AsSpan(0, 20)));
        data.CopyTo(p.AsSpan(20));
        return p;
    }

    /// <summary>An IPv6 fragment fd00::1 → fd00::2 with a destination-options header before the fragment header.</summary>
    public static byte[] V6(uint id, int offset, bool more, ReadOnlySpan<byte> data, byte upper = 17)
    {
        const int dstOpts = 8, frag = 8;
        var p = new byte[40 + dstOpts + frag + data.Length];
        p[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), (ushort)(p.Length - 40));
        p[6] = 60; // destination options
        p[7] = 64;
        p[8] = 0xfd; p[23] = 1;
        p[24] = 0xfd; p[39] = 2;
        p[40] = 44; // next: fragment
        p[41] = 0;  // 8 bytes
        p[42] = 1; p[43] = 4; // PadN of 4 bytes
        p[48] = upper;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(50), (ushort)(offset | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(52), id);
        data.CopyTo(p.AsSpan(56));
        return p;
    }

    /// <summary>A UDP datagram (header + body) whose length field covers the whole body.</summary>
    public static byte[] Udp(int bodyLength)
    {
        byte[] udp = Payload(8 + bodyLength, 3);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 4000);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), 53);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(6), 0);
        return udp;
    }
}
