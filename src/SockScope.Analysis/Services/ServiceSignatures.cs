using System.Buffers.Binary;

namespace SockScope.Analysis.Services;

/// <summary>
/// The payload tests behind <see cref="ServiceDetector"/>: Zeek's DPD signatures (what they match,
/// written as span checks, no regular expressions) and, for the protocols Zeek attaches by port
/// only, a check that the payload parses as the protocol's header. Every method reads within the
/// span it is given and allocates nothing.
/// </summary>
internal static class ServiceSignatures
{
    /// <summary>The hints one TCP payload gives; <paramref name="first"/> for the first payload of its direction (the signatures anchored at the stream's start).</summary>
    public static ServiceHints TcpHints(ReadOnlySpan<byte> p, bool fromOriginator, bool first)
    {
        ServiceHints hints = ServiceHints.None;
        if (fromOriginator)
        {
            if (first)
            {
                if (IsTlsClientHello(p)) return ServiceHints.TlsClientHello;
                if (IsSshBanner(p)) return ServiceHints.SshBanner;
                hints |= HttpRequest(p);
                if (IsDnsOverTcp(p)) hints |= ServiceHints.DnsMessage;
            }
            hints |= ClientCommands(p);
        }
        else
        {
            if (first)
            {
                if (IsTlsServerHello(p)) return ServiceHints.TlsServerHello;
                if (IsSshBanner(p)) return ServiceHints.SshBanner;
                if (p.StartsWith("HTTP/"u8) && p.Length > 5 && IsDigit(p[5])) return ServiceHints.HttpStatus;
                if (p.StartsWith("+OK"u8)) hints |= ServiceHints.Pop3Ok;
                ReadOnlySpan<byte> text = SkipSpace(p);
                if (ReplyCode(text, "220"u8) || ReplyCode(text, "120"u8)) hints |= ServiceHints.FtpGreeting;
                if (text.StartsWith("220"u8) && text.Length > 3 && (IsSpace(text[3]) || text[3] == '-')) hints |= ServiceHints.SmtpGreeting;
                if (IsDnsOverTcp(p)) hints |= ServiceHints.DnsMessage;
            }
            hints |= ServerReplies(p);
        }
        return hints;
    }

    /// <summary>The service both directions' hints confirm on a connection to <paramref name="port"/>, or None.</summary>
    public static ZeekService ConfirmTcp(ServiceHints orig, ServiceHints resp, ushort port)
    {
        if ((orig & ServiceHints.TlsClientHello) != 0 && ((resp & ServiceHints.TlsServerHello) != 0 || IsSslPort(port))) return ZeekService.Ssl;
        if ((orig & ServiceHints.SshBanner) != 0 && ((resp & ServiceHints.SshBanner) != 0 || port == 22)) return ZeekService.Ssh;
        if ((resp & ServiceHints.SshBanner) != 0 && port == 22) return ZeekService.Ssh;
        if ((orig & ServiceHints.HttpSignatureRequest) != 0 && (resp & ServiceHints.HttpStatus) != 0) return ZeekService.Http;
        if (((orig & (ServiceHints.HttpRequest | ServiceHints.HttpSignatureRequest)) != 0 || (resp & ServiceHints.HttpStatus) != 0) && IsHttpPort(port)) return ZeekService.Http;
        if ((orig & ServiceHints.FtpUser) != 0 && (resp & ServiceHints.FtpGreeting) != 0 && ((resp & ServiceHints.FtpLoginReply) != 0 || port == 21)) return ZeekService.Ftp;
        if ((orig & ServiceHints.SmtpHelo) != 0 && (resp & ServiceHints.SmtpGreeting) != 0) return ZeekService.Smtp;
        if ((orig & ServiceHints.Pop3Command) != 0 && (resp & ServiceHints.Pop3Ok) != 0) return ZeekService.Pop3;
        if (((orig | resp) & ServiceHints.DnsMessage) != 0 && port == 53) return ZeekService.Dns;
        return ZeekService.None;
    }

    /// <summary>The service one UDP datagram shows on its own (quic, dtls and dhcp on any port, the others on their ports), or None.</summary>
    public static ZeekService Udp(ReadOnlySpan<byte> p, ushort responderPort)
    {
        if (IsQuicInitial(p)) return ZeekService.Quic;
        if (IsDtlsClientHello(p)) return ZeekService.Dtls;
        if (IsDhcp(p)) return ZeekService.Dhcp;
        switch (responderPort)
        {
            case 53 or 137 or 5353 or 5355 when IsDnsMessage(p): return ZeekService.Dns;
            case 123 when IsNtp(p): return ZeekService.Ntp;
            case 161 or 162 when IsSnmp(p): return ZeekService.Snmp;
            // Authentication, accounting (and their old numbers), dynamic authorization (RFC 5176, and Cisco's 1700):
            // on other ports the header is too weak a sign (PTP's has a length field at the same place).
            case 1812 or 1813 or 1645 or 1646 or 3799 or 1700 when IsRadius(p): return ZeekService.Radius;
        }
        return ZeekService.None;
    }

    // Zeek's SSL::ssl_ports and the HTTP analyzer's ports (base/protocols/ssl, base/protocols/http).
    private static bool IsSslPort(ushort port) => port is 443 or 563 or 585 or 614 or 636 or 989 or 990 or 992 or 993 or 995 or 5223;

    private static bool IsHttpPort(ushort port) => port is 80 or 81 or 631 or 1080 or 3128 or 8000 or 8080 or 8888;

    /// <summary>A TLS handshake record (content type 22, version 3.0-3.3) holding a ClientHello of version 3.x, or an SSLv2 ClientHello (dpd_ssl_client).</summary>
    internal static bool IsTlsClientHello(ReadOnlySpan<byte> p)
    {
        if (p.Length >= 11 && p[0] == 0x16 && p[1] == 3 && p[2] <= 3 && p[5] == 1 && p[9] == 3 && p[10] <= 3) return true;
        // SSLv2 record with a 2-byte header (high bit set), message type 1, version 2 or 3.x.
        return p.Length >= 5 && (p[0] & 0x80) != 0 && p[2] == 1 && (p[3] == 0 || p[3] == 3) && p[4] <= 3;
    }

    /// <summary>A ServerHello record (after at most one alert record) or an SSLv2 ServerHello (dpd_ssl_server).</summary>
    internal static bool IsTlsServerHello(ReadOnlySpan<byte> p)
    {
        if (p.Length >= 7 && p[0] == 0x15 && p[1] == 3 && p[2] <= 3) p = p[7..];
        if (p.Length >= 11 && p[0] == 0x16 && p[1] == 3 && p[2] <= 3 && p[5] == 2 && p[9] == 3 && p[10] <= 3) return true;
        return p.Length >= 7 && (p[0] & 0x80) != 0 && p[2] == 4 && p[5] == 0 && p[6] == 2;
    }

    /// <summary>"SSH-1." or "SSH-2." (the three letters in any case), Zeek's dpd_ssh_client/server.</summary>
    internal static bool IsSshBanner(ReadOnlySpan<byte> p) =>
        p.Length >= 6 && (p[0] | 0x20) == 's' && (p[1] | 0x20) == 's' && (p[2] | 0x20) == 'h' && p[3] == '-' && (p[4] == '1' || p[4] == '2') && p[5] == '.';

    /// <summary>A request line at the start of the stream: GET/HEAD/POST give the signature hint, other methods the analyzer's.</summary>
    private static ServiceHints HttpRequest(ReadOnlySpan<byte> p)
    {
        p = SkipSpace(p);
        int method = 0;
        while (method < p.Length && method < 8 && p[method] is >= (byte)'A' and <= (byte)'Z') method++;
        // The method, one space, then a target that starts as a target does.
        if (method == 0 || method + 1 >= p.Length || p[method] != ' ' || !(p[method + 1] == '/' || p[method + 1] == '*' || IsLetter(p[method + 1]))) return ServiceHints.None;
        ReadOnlySpan<byte> m = p[..method];
        if (m.SequenceEqual("GET"u8) || m.SequenceEqual("HEAD"u8) || m.SequenceEqual("POST"u8)) return ServiceHints.HttpSignatureRequest;
        return m.SequenceEqual("PUT"u8) || m.SequenceEqual("DELETE"u8) || m.SequenceEqual("OPTIONS"u8) || m.SequenceEqual("TRACE"u8)
            || m.SequenceEqual("CONNECT"u8) || m.SequenceEqual("PATCH"u8) ? ServiceHints.HttpRequest : ServiceHints.None;
    }

    /// <summary>Client commands at the start of any line: FTP/POP3 USER, SMTP HELO/EHLO, POP3 APOP/CAPA/AUTH/STLS.</summary>
    private static ServiceHints ClientCommands(ReadOnlySpan<byte> p)
    {
        ServiceHints hints = ServiceHints.None;
        while (!p.IsEmpty)
        {
            ReadOnlySpan<byte> line = SkipSpace(p);
            if (Command(line, "USER"u8) && line.Length > 4 && IsSpace(line[4])) hints |= ServiceHints.FtpUser | ServiceHints.Pop3Command;
            else if (Command(line, "HELO"u8) || Command(line, "EHLO"u8)) hints |= ServiceHints.SmtpHelo;
            else if ((Command(line, "APOP"u8) && line.Length > 4 && IsSpace(line[4])) || Command(line, "CAPA"u8) || Command(line, "AUTH"u8) || Command(line, "STLS"u8))
                hints |= ServiceHints.Pop3Command;
            int end = p.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0) break;
            p = p[(end + 1)..];
        }
        return hints;
    }

    /// <summary>FTP's 230 (logged in) or 331 (password required) at the start of any line.</summary>
    private static ServiceHints ServerReplies(ReadOnlySpan<byte> p)
    {
        while (!p.IsEmpty)
        {
            ReadOnlySpan<byte> line = SkipSpace(p);
            if (ReplyCode(line, "230"u8) || ReplyCode(line, "331"u8)) return ServiceHints.FtpLoginReply;
            int end = p.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0) break;
            p = p[(end + 1)..];
        }
        return ServiceHints.None;
    }

    private static bool ReplyCode(ReadOnlySpan<byte> line, ReadOnlySpan<byte> code) => line.StartsWith(code) && (line.Length == 3 || !IsDigit(line[3]));

    private static bool Command(ReadOnlySpan<byte> line, ReadOnlySpan<byte> upper)
    {
        if (line.Length < upper.Length) return false;
        for (int i = 0; i < upper.Length; i++)
            if ((line[i] & 0xDF) != upper[i]) return false;
        return true;
    }

    /// <summary>A DNS message after TCP's 2-byte length prefix.</summary>
    private static bool IsDnsOverTcp(ReadOnlySpan<byte> p) =>
        p.Length >= 14 && BinaryPrimitives.ReadUInt16BigEndian(p) >= 12 && IsDnsMessage(p[2..]);

    /// <summary>
    /// A DNS (or NetBIOS name service) header with a known opcode and at least one record, and the
    /// first record's name well formed with its fixed fields captured: what Zeek's DNS analyzer needs to parse.
    /// </summary>
    internal static bool IsDnsMessage(ReadOnlySpan<byte> p)
    {
        if (p.Length < 12) return false;
        int opcode = (p[2] >> 3) & 0xF;
        if (opcode > 8 || opcode == 3) return false;
        int questions = BinaryPrimitives.ReadUInt16BigEndian(p[4..]);
        int records = questions + BinaryPrimitives.ReadUInt16BigEndian(p[6..]) + BinaryPrimitives.ReadUInt16BigEndian(p[8..]) + BinaryPrimitives.ReadUInt16BigEndian(p[10..]);
        if (records == 0) return false;
        int offset = 12, total = 0;
        while (true)
        {
            if (offset >= p.Length) return false;
            int length = p[offset];
            if (length == 0) { offset++; break; }
            if ((length & 0xC0) == 0xC0) { offset += 2; break; }
            if ((length & 0xC0) != 0) return false;
            total += length + 1;
            if (total > 255) return false;
            offset += length + 1;
        }
        // A question has type and class; any other record also a TTL and an RDATA length.
        return offset + (questions > 0 ? 4 : 10) <= p.Length;
    }

    /// <summary>A BOOTP request or reply with the DHCP magic cookie 99.130.83.99 after the fixed fields (Zeek's dhcp_cookie).</summary>
    internal static bool IsDhcp(ReadOnlySpan<byte> p) =>
        p.Length >= 240 && (p[0] == 1 || p[0] == 2) && p[2] <= 16 && BinaryPrimitives.ReadUInt32BigEndian(p[236..]) == 0x63825363;

    /// <summary>An NTP packet of version 1-4: a 48-byte (or longer) time packet, a mode 6 control or a mode 7 private message.</summary>
    internal static bool IsNtp(ReadOnlySpan<byte> p)
    {
        if (p.IsEmpty) return false;
        int version = (p[0] >> 3) & 7, mode = p[0] & 7;
        if (version is < 1 or > 4 || mode == 0) return false;
        return mode switch
        {
            6 => p.Length >= 12,
            7 => p.Length >= 8,
            _ => p.Length >= 48,
        };
    }

    /// <summary>An SNMP message: a BER SEQUENCE whose first element is the version (0, 1 or 3), then the community string (v1, v2c) or the v3 header SEQUENCE.</summary>
    internal static bool IsSnmp(ReadOnlySpan<byte> p)
    {
        if (p.Length < 2 || p[0] != 0x30) return false;
        int offset;
        if (p[1] < 0x80) offset = 2;
        else if (p[1] is 0x81 or 0x82) offset = 2 + (p[1] & 0x7F);
        else return false;
        if (offset + 4 > p.Length || p[offset] != 0x02 || p[offset + 1] != 0x01) return false;
        byte version = p[offset + 2];
        return version switch
        {
            0 or 1 => p[offset + 3] == 0x04,
            3 => p[offset + 3] == 0x30,
            _ => false,
        };
    }

    /// <summary>A RADIUS packet: a known code and a length field equal to the datagram's length (20 to 4096 bytes).</summary>
    internal static bool IsRadius(ReadOnlySpan<byte> p)
    {
        if (p.Length < 20 || p.Length > 4096) return false;
        if (p[0] is not (1 or 2 or 3 or 4 or 5 or 11 or 12 or 13 or (>= 40 and <= 45))) return false;
        return BinaryPrimitives.ReadUInt16BigEndian(p[2..]) == p.Length;
    }

    /// <summary>A QUIC long-header Initial packet of version 1 (first byte 0xC0-0xCF) or version 2 (0xD0-0xDF), Zeek's dpd_quic_initial.</summary>
    internal static bool IsQuicInitial(ReadOnlySpan<byte> p)
    {
        if (p.Length < 7) return false;
        uint version = BinaryPrimitives.ReadUInt32BigEndian(p[1..]);
        bool initial = ((p[0] & 0xF0) == 0xC0 && version == 0x00000001) || ((p[0] & 0xF0) == 0xD0 && version == 0x6B3343CF);
        return initial && p[5] <= 20;
    }

    /// <summary>A DTLS 1.0/1.2 handshake record of epoch 0 holding a ClientHello (dpd_dtls_client).</summary>
    internal static bool IsDtlsClientHello(ReadOnlySpan<byte> p)
    {
        if (p.Length < 27 || p[0] != 0x16 || p[1] != 0xFE || (p[2] != 0xFF && p[2] != 0xFD)) return false;
        if (p[3..10].IndexOfAnyExcept((byte)0) >= 0) return false;
        return p[13] == 1 && p[25] == 0xFE && (p[26] == 0xFF || p[26] == 0xFD);
    }

    private static ReadOnlySpan<byte> SkipSpace(ReadOnlySpan<byte> p)
    {
        int i = 0;
        while (i < p.Length && IsSpace(p[i])) i++;
        return p[i..];
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0B or 0x0C;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsLetter(byte b) => (b | 0x20) is >= (byte)'a' and <= (byte)'z';
}
