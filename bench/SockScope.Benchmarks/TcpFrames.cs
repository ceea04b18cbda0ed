namespace SockScope.Benchmarks;

/// <summary>Ethernet + IPv4 + TCP headers written in place into a benchmark's frame buffer (the payload bytes are left as they are).</summary>
internal static class TcpFrames
{
    public static void Write(byte[] f, uint src, uint dst, ushort sport, ushort dport, uint seq, uint ack, byte flags, int payload)
    {
        Span<byte> p = f;
        p[12] = 0x08;
        p[13] = 0x00;
        Span<byte> ip = p[14..];
        ip[0] = 0x45;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(40 + payload));
        ip[8] = 64;
        ip[9] = 6;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip[12..], src);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip[16..], dst);
        Span<byte> t = ip[20..];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(t, sport);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(t[2..], dport);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(t[4..], seq);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(t[8..], ack);
        t[12] = 0x50;
        t[13] = flags;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(t[14..], 65535);
    }
}
