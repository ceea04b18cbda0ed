using SockScope.Wire;
using SockScope.Filter.Parsing;

namespace SockScope.Filter.CodeGen;

// host, net, port, portrange and proto primitives.
internal sealed partial class Generator
{
    private Pred Id(IdPrimitive p)
    {
        Qualifiers q = p.Q;
        Token id = p.Id;
        switch (q.Type)
        {
            case TypeQual.Proto: return ProtoValue(q.Proto, id);
            case TypeQual.Port: return Port(q, id);
            case TypeQual.PortRange: return PortRange(q, id);
            case TypeQual.Net: return Net(q, p);
            default: return Host(q, p);
        }
    }

    private Pred ProtoValue(ProtoQual proto, Token id)
    {
        if (proto == ProtoQual.Link)
        {
            uint type = id.Kind == TokenKind.Number ? Number(id)
                : Names.EtherTypes.TryGetValue(id.Text, out uint t) ? t : throw Error($"unknown ether proto '{id.Text}'", id.Column);
            if (type <= 1500) return LlcSap(type, id);
            return LinkProto(type);
        }
        uint number = id.Kind == TokenKind.Number ? Number(id)
            : Names.IpProtocols.TryGetValue(id.Text, out uint n) ? n : throw Error($"unknown ip proto '{id.Text}'", id.Column);
        return proto switch
        {
            ProtoQual.Ip => IpProto(number),
            ProtoQual.Ip6 => Ip6Proto(number),
            ProtoQual.None => Pred.Or(IpProto(number), Ip6Proto(number)),
            _ => throw Error($"'{ProtoName(proto)}' does not take 'proto'", id.Column),
        };
    }

    /// <summary>
    /// "ether proto N" with N up to 1500 names an 802.2 LLC SAP, as libpcap reads it: an 802.3 frame
    /// (length, not type) whose DSAP is N; for the ISO, IP and NetBEUI SAPs both DSAP and SSAP.
    /// </summary>
    private Pred LlcSap(uint sap, Token id)
    {
        bool both = sap is 0xfe or 0x06 or 0xf0;
        switch (_link.Type)
        {
            case LinkType.Ethernet when sap != 0xe0:
            {
                Pred llc = Pred.Not(Compare(2, _link.TypeOffset, 1500, jump: BpfOp.Jgt));
                return Pred.And(llc, both ? Compare(2, Nl, sap << 8 | sap) : Compare(1, Nl, sap));
            }
            case LinkType.LinuxSll when sap != 0xe0:
                // LINUX_SLL_P_802_2 in the protocol field, then the DSAP (and SSAP).
                return Pred.And(Compare(2, _link.TypeOffset, 4), both ? Compare(2, Nl, sap << 8 | sap) : Compare(1, Nl, sap));
            case LinkType.LinuxSll2:
                return Compare(2, _link.TypeOffset, sap);
            case LinkType.Raw or LinkType.Ipv4 or LinkType.Ipv6 or LinkType.Null or LinkType.Loop:
                return Constant(false);
        }
        throw Error($"ether proto 0x{sap:x} (an LLC SAP) is not supported by SockScope's filter compiler on {LinkTypeNames.Description(_link.Type)}", id.Column);
    }

    private uint Number(Token t)
    {
        if (!Parser.TryParseNumber(t.Text, out uint n)) throw Error($"number {t.Text} does not fit in 32 bits", t.Column);
        return n;
    }

    internal static string ProtoName(ProtoQual p) => p switch
    {
        ProtoQual.Link => "ether", ProtoQual.Ip => "ip", ProtoQual.Ip6 => "ip6", ProtoQual.Arp => "arp", ProtoQual.Rarp => "rarp",
        ProtoQual.Tcp => "tcp", ProtoQual.Udp => "udp", ProtoQual.Icmp => "icmp", ProtoQual.Icmp6 => "icmp6",
        ProtoQual.Igmp => "igmp", ProtoQual.Sctp => "sctp", _ => "",
    };

    // ---- ports ----

    private uint[] PortProtocols(ProtoQual proto, int column) => proto switch
    {
        ProtoQual.None => [ProtoSctp, ProtoTcp, ProtoUdp],
        ProtoQual.Tcp => [ProtoTcp],
        ProtoQual.Udp => [ProtoUdp],
        ProtoQual.Sctp => [ProtoSctp],
        _ => throw Error("illegal qualifier of 'port'", column),
    };

    private uint PortNumber(Token t, ProtoQual proto, ref uint[] protos)
    {
        if (t.Kind == TokenKind.Number)
        {
            uint n = Number(t);
            if (n > 65535) throw Error($"illegal port number {n} > 65535", t.Column);
            return n;
        }
        if (t.Kind is TokenKind.Word or TokenKind.Escaped && Names.TryService(t.Text, out uint port, out bool tcp, out bool udp))
        {
            if (proto == ProtoQual.Udp && !udp) throw Error($"port '{t.Text}' is tcp", t.Column);
            if (proto == ProtoQual.Tcp && !tcp) throw Error($"port '{t.Text}' is udp", t.Column);
            // A name only one transport knows tests that transport only, as libpcap does.
            if (proto == ProtoQual.None && tcp != udp) protos = [tcp ? ProtoTcp : ProtoUdp];
            return port;
        }
        throw Error($"unknown port '{t.Text}'", t.Column);
    }

    private Pred Port(Qualifiers q, Token id)
    {
        uint[] protos = PortProtocols(q.Proto, id.Column);
        uint port = PortNumber(id, q.Proto, ref protos);
        return Ports(protos, q.Dir, port, port);
    }

    private Pred PortRange(Qualifiers q, Token id)
    {
        uint[] protos = PortProtocols(q.Proto, id.Column);
        uint low, high;
        int dash = id.Text.IndexOf('-');
        if (id.Kind == TokenKind.Number) low = high = PortNumber(id, q.Proto, ref protos);
        else if (dash > 0)
        {
            uint[] ignore = protos;
            low = PortNumber(Sub(id, id.Text[..dash], 0), q.Proto, ref ignore);
            high = PortNumber(Sub(id, id.Text[(dash + 1)..], dash + 1), q.Proto, ref ignore);
        }
        else throw Error($"illegal port range '{id.Text}'", id.Column);
        if (low > high) (low, high) = (high, low);
        return Ports(protos, q.Dir, low, high);
    }

    private static Token Sub(Token t, string text, int offset) =>
        new(Lexer.IsNumber(text) ? TokenKind.Number : TokenKind.Word, text, t.Column + offset);

    /// <summary>Port test on IPv6 then IPv4, for each transport (libpcap's order).</summary>
    private Pred Ports(uint[] protos, DirQual dir, uint low, uint high)
    {
        Pred ip6 = Pred.And(Ip6, OrAll(protos.Select(p => Pred.And(Compare(1, Nl + 6, p), PortFields(dir, low, high, ipv6: true)))));
        Pred ip = Pred.And(Ip, OrAll(protos.Select(p => AndAll([Compare(1, Nl + 9, p), FirstFragment(), PortFields(dir, low, high, ipv6: false)]))));
        return Pred.Or(ip6, ip);
    }

    private Pred PortFields(DirQual dir, uint low, uint high, bool ipv6)
    {
        Pred Field(int offset) => low == high ? PortCompare(offset, BpfOp.Jeq, low, ipv6)
            : Pred.And(PortCompare(offset, BpfOp.Jge, low, ipv6), Pred.Not(PortCompare(offset, BpfOp.Jgt, high, ipv6)));
        return dir switch
        {
            DirQual.Src => Field(0),
            DirQual.Dst => Field(2),
            DirQual.SrcAndDst => Pred.And(Field(0), Field(2)),
            _ => Pred.Or(Field(0), Field(2)),
        };
    }

    private Pred PortCompare(int field, int jump, uint value, bool ipv6)
    {
        ushort code = (ushort)(BpfOp.Jmp | jump | BpfOp.K);
        if (ipv6) return Test(code, value, LoadAbs(BpfOp.H, Nl + 40 + field));
        // The transport header starts after the IPv4 header, whose length the packet says.
        return Test(code, value,
            BpfInstruction.Statement(BpfOp.Ldx | BpfOp.B | BpfOp.Msh, (uint)Nl),
            BpfInstruction.Statement(BpfOp.Ld | BpfOp.H | BpfOp.Ind, (uint)(Nl + field)));
    }

    // ---- hosts and networks ----

    private Pred Host(Qualifiers q, IdPrimitive p)
    {
        Token id = p.Id;
        if (q.Proto is ProtoQual.Tcp or ProtoQual.Udp or ProtoQual.Icmp or ProtoQual.Icmp6 or ProtoQual.Igmp or ProtoQual.Sctp)
            throw Error($"'{ProtoName(q.Proto)}' modifier applied to host", p.Column);
        if (id.Kind == TokenKind.Address && id.Text.Contains(':'))
        {
            if (q.Proto == ProtoQual.Link && TryMac(id.Text, out byte[] mac)) return EtherHost(q.Dir, id, mac);
            if (q.Proto == ProtoQual.Link) throw Error($"'{id.Text}' is not an Ethernet address", id.Column);
            if (!TryIpv6(id.Text, out byte[] v6))
            {
                if (id.Text.Split(':').Length == 6) throw Error("ethernet address used in non-ether expression", id.Column);
                throw Error($"'{id.Text}' is not an IPv6 address", id.Column);
            }
            if (q.Proto is ProtoQual.Ip or ProtoQual.Arp or ProtoQual.Rarp) throw Error($"'{ProtoName(q.Proto)}' modifier applied to ip6 host", p.Column);
            return Ip6Net(q.Dir, v6, 128);
        }
        if (q.Proto == ProtoQual.Link)
        {
            if (TryMac(id.Text, out byte[] mac)) return EtherHost(q.Dir, id, mac);
            throw Error(id.Kind == TokenKind.Word ? $"unknown ether host '{id.Text}'" : $"'{id.Text}' is not an Ethernet address", id.Column);
        }
        if (id.Kind is TokenKind.Word or TokenKind.Escaped) throw Error($"unknown host '{id.Text}' (SockScope does not look host names up)", id.Column);
        if (q.Proto == ProtoQual.Ip6) throw Error("'ip6' modifier applied to ip host", p.Column);
        (uint address, uint mask) = ParseIpv4(id, allowPartial: true);
        return Ipv4Net(q, address, mask);
    }

    private Pred Net(Qualifiers q, IdPrimitive p)
    {
        Token id = p.Id;
        if (q.Proto is not (ProtoQual.None or ProtoQual.Ip or ProtoQual.Ip6 or ProtoQual.Arp or ProtoQual.Rarp))
            throw Error($"'{ProtoName(q.Proto)}' modifier applied to net", p.Column);
        if (id.Text.Contains(':'))
        {
            if (!TryIpv6(id.Text, out byte[] v6)) throw Error($"'{id.Text}' is not an IPv6 network", id.Column);
            if (p.Mask is not null) throw Error("'mask' is not valid with an IPv6 network: use /len", p.Mask.Value.Column);
            int bits = p.MaskBits < 0 ? 128 : p.MaskBits;
            if (bits > 128) throw Error("mask length must be <= 128", id.Column);
            if (q.Proto is ProtoQual.Ip or ProtoQual.Arp or ProtoQual.Rarp) throw Error($"'{ProtoName(q.Proto)}' modifier applied to ip6 net", p.Column);
            for (int i = 0; i < 16; i++)
            {
                int keep = Math.Clamp(bits - i * 8, 0, 8);
                byte m = (byte)(0xff00 >> keep);
                if ((v6[i] & ~m) != 0) throw Error($"non-network bits set in \"{id.Text}/{bits}\"", id.Column);
            }
            return Ip6Net(q.Dir, v6, bits);
        }
        if (id.Kind is TokenKind.Word or TokenKind.Escaped) throw Error($"unknown network '{id.Text}' (SockScope does not look network names up)", id.Column);
        if (q.Proto == ProtoQual.Ip6) throw Error("'ip6' modifier applied to ip net", p.Column);
        if (id.Kind == TokenKind.Number)
        {
            if (p.Mask is not null || p.MaskBits >= 0) throw Error("syntax error: a network number takes no mask: write the network dotted (10.0.0.0/8)", id.Column);
            // "net 10" is 10.0.0.0/8: the number moves up to the top byte, the mask with it.
            uint value = Number(id), netmask = uint.MaxValue;
            while (value != 0 && (value & 0xff000000) == 0)
            {
                value <<= 8;
                netmask <<= 8;
            }
            return Ipv4Net(q, value, netmask);
        }
        (uint address, uint mask) = ParseIpv4(id, allowPartial: true);
        if (p.Mask is Token maskToken)
        {
            (mask, _) = ParseIpv4(maskToken, allowPartial: false);
            if ((address & ~mask) != 0) throw Error($"non-network bits set in \"{id.Text} mask {maskToken.Text}\"", id.Column);
        }
        else if (p.MaskBits >= 0)
        {
            if (p.MaskBits > 32) throw Error("mask length must be <= 32", id.Column);
            mask = p.MaskBits == 0 ? 0 : uint.MaxValue << (32 - p.MaskBits);
            if ((address & ~mask) != 0) throw Error($"non-network bits set in \"{id.Text}/{p.MaskBits}\"", id.Column);
        }
        return Ipv4Net(q, address, mask);
    }

    /// <summary>A dotted IPv4 address; with fewer than four parts the missing ones are the host part (10.1 = 10.1.0.0/16).</summary>
    private (uint Address, uint Mask) ParseIpv4(Token t, bool allowPartial)
    {
        // A bare number is the address as one 32-bit value ("src 443" is 0.0.1.187, as in libpcap).
        if (t.Kind == TokenKind.Number) return (Number(t), uint.MaxValue);
        string[] parts = t.Text.Split('.');
        if (parts.Length > 4 || parts.Any(x => !Parser.TryParseNumber(x, out uint v) || v > 255))
            throw Error($"'{t.Text}' is not an IPv4 address", t.Column);
        if (parts.Length < 4 && !allowPartial) throw Error($"'{t.Text}' is not a complete IPv4 address", t.Column);
        uint address = 0;
        foreach (string part in parts)
        {
            Parser.TryParseNumber(part, out uint v);
            address = (address << 8) | v;
        }
        address <<= 8 * (4 - parts.Length);
        uint mask = uint.MaxValue << (8 * (4 - parts.Length));
        if (parts.Length == 4) mask = uint.MaxValue;
        return (address, mask);
    }

    private Pred Ipv4Net(Qualifiers q, uint address, uint mask)
    {
        var preds = new List<Pred>();
        if (q.Proto is ProtoQual.None or ProtoQual.Ip) preds.Add(AddressTest(EtherIp, Nl + 12, Nl + 16, q.Dir, address, mask));
        if (q.Proto is ProtoQual.None or ProtoQual.Arp) preds.Add(AddressTest(EtherArp, Nl + 14, Nl + 24, q.Dir, address, mask));
        if (q.Proto is ProtoQual.None or ProtoQual.Rarp) preds.Add(AddressTest(EtherRarp, Nl + 14, Nl + 24, q.Dir, address, mask));
        return OrAll(preds);
    }

    private Pred AddressTest(uint etherType, int src, int dst, DirQual dir, uint address, uint mask)
    {
        Pred One(int offset) => Pred.And(LinkProto(etherType), Compare(4, offset, address, mask));
        return dir switch
        {
            DirQual.Src => One(src),
            DirQual.Dst => One(dst),
            DirQual.SrcAndDst => Pred.And(One(src), One(dst)),
            _ => Pred.Or(One(src), One(dst)),
        };
    }

    private Pred Ip6Net(DirQual dir, byte[] address, int bits)
    {
        Pred One(int offset)
        {
            var words = new List<Pred>();
            for (int i = 0; i < 4; i++)
            {
                int keep = Math.Clamp(bits - i * 32, 0, 32);
                uint mask = keep == 0 ? 0 : uint.MaxValue << (32 - keep);
                uint word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.AsSpan(i * 4));
                words.Add(Compare(4, offset + i * 4, word & mask, mask));
            }
            return Pred.And(Ip6, AndAll(words));
        }
        return dir switch
        {
            DirQual.Src => One(Nl + 8),
            DirQual.Dst => One(Nl + 24),
            DirQual.SrcAndDst => Pred.And(One(Nl + 8), One(Nl + 24)),
            _ => Pred.Or(One(Nl + 8), One(Nl + 24)),
        };
    }

    /// <summary>A MAC address as pcap-filter takes it: 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455, 001122334455.</summary>
    internal static bool TryMac(string text, out byte[] mac)
    {
        mac = [];
        string[] parts = text.Split(':');
        if (parts.Length == 1) parts = text.Split('-');
        string hex;
        if (parts.Length == 6 && parts.All(x => x.Length is 1 or 2 && x.All(char.IsAsciiHexDigit))) hex = string.Concat(parts.Select(x => x.PadLeft(2, '0')));
        else if (text.Split('.') is { Length: 3 } dotted && dotted.All(x => x.Length == 4 && x.All(char.IsAsciiHexDigit))) hex = string.Concat(dotted);
        else if (text.Length == 12 && text.All(char.IsAsciiHexDigit)) hex = text;
        else return false;
        mac = Convert.FromHexString(hex);
        return true;
    }

    private Pred EtherHost(DirQual dir, Token id, byte[] mac)
    {
        if (!_link.IsEthernet) throw Error("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel", id.Column);
        uint low = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(mac.AsSpan(2));
        uint high = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(mac);
        Pred One(int offset) => Pred.And(Compare(4, offset + 2, low), Compare(2, offset, high));
        return dir switch
        {
            DirQual.Src => One(6),
            DirQual.Dst => One(0),
            DirQual.SrcAndDst => Pred.And(One(6), One(0)),
            _ => Pred.Or(One(6), One(0)),
        };
    }
}
