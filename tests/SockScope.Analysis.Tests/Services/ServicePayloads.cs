using System.Buffers.Binary;
using System.Text;

namespace SockScope.Analysis.Tests.Services;

/// <summary>First payloads of the protocols the detector knows, built from their wire formats (RFCs), and a few impostors.</summary>
internal static class ServicePayloads
{
    public static byte[] Text(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>A TLS record (type 22, version 3.1) holding a handshake message of <paramref name="type"/> (1 ClientHello, 2 ServerHello) of version 3.3.</summary>
    public static byte[] TlsHandshake(byte type)
    {
        byte[] p = new byte[5 + 4 + 38];
        p[0] = 0x16; p[1] = 3; p[2] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(3), (ushort)(p.Length - 5));
        p[5] = type;
        p[6] = 0; BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(7), 38);
        p[9] = 3; p[10] = 3;
        return p;
    }

    public static byte[] ClientHello => TlsHandshake(1);
    public static byte[] ServerHello => TlsHandshake(2);

    /// <summary>A standard query for example.com A (RFC 1035 4.1).</summary>
    public static byte[] DnsQuery()
    {
        var b = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (string label in new[] { "example", "com" })
        {
            b.Add((byte)label.Length);
            b.AddRange(Encoding.ASCII.GetBytes(label));
        }
        b.AddRange(new byte[] { 0, 0, 1, 0, 1 });
        return [.. b];
    }

    /// <summary>The query with TCP's 2-byte length prefix (RFC 1035 4.2.2).</summary>
    public static byte[] DnsOverTcp()
    {
        byte[] q = DnsQuery();
        byte[] p = new byte[q.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)q.Length);
        q.CopyTo(p, 2);
        return p;
    }

    /// <summary>A DHCPDISCOVER: BOOTP request (op 1, Ethernet, hlen 6), the magic cookie at 236, option 53 and the end option.</summary>
    public static byte[] DhcpDiscover()
    {
        byte[] p = new byte[244];
        p[0] = 1; p[1] = 1; p[2] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(236), 0x63825363);
        p[240] = 53; p[241] = 1; p[242] = 1; p[243] = 255;
        return p;
    }

    /// <summary>An NTPv4 client request (LI 0, VN 4, mode 3), 48 bytes.</summary>
    public static byte[] NtpClient()
    {
        byte[] p = new byte[48];
        p[0] = (4 << 3) | 3;
        return p;
    }

    /// <summary>A QUIC v1 Initial's first bytes: long header, type Initial, version 1, an 8-byte destination connection id.</summary>
    public static byte[] QuicInitial()
    {
        byte[] p = new byte[1200];
        p[0] = 0xC3;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(1), 1);
        p[5] = 8;
        return p;
    }

    /// <summary>An SNMPv2c GetRequest's start: SEQUENCE, INTEGER version 1, OCTET STRING "public".</summary>
    public static byte[] SnmpGet() => [0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, (byte)'p', (byte)'u', (byte)'b', (byte)'l', (byte)'i', (byte)'c', 0xA0, 0x19];

    /// <summary>A RADIUS Access-Request (code 1) whose length field is the datagram's length (RFC 2865 3).</summary>
    public static byte[] RadiusAccessRequest()
    {
        byte[] p = new byte[38];
        p[0] = 1; p[1] = 7;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        p[20] = 1; p[21] = 6; p[22] = (byte)'a';
        return p;
    }

    /// <summary>A PTPv2 Sync message: its length field sits where RADIUS has one (the impostor radius must not claim).</summary>
    public static byte[] PtpSync()
    {
        byte[] p = new byte[44];
        p[0] = 0x00; p[1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        return p;
    }

    /// <summary>A DTLS 1.2 ClientHello record: epoch 0, sequence 0, handshake type 1, client version 1.2 (0xFEFD).</summary>
    public static byte[] DtlsClientHello()
    {
        byte[] p = new byte[13 + 12 + 40];
        p[0] = 0x16; p[1] = 0xFE; p[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(11), (ushort)(p.Length - 13));
        p[13] = 1;
        p[25] = 0xFE; p[26] = 0xFD;
        return p;
    }
}
