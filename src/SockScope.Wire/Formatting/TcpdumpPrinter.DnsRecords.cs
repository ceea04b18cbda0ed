using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Dns;

namespace SockScope.Wire.Formatting;

// DNS resource records as tcpdump 4.99 prints them: each type's data (A6, OPT with its EDNS options,
// and the rest), and the text helpers they share. Split from TcpdumpPrinter.Dns.cs, which prints
// the header, sections, names and questions.
public sealed partial class TcpdumpPrinter
{
    /// <summary>One resource record; returns where the next one starts (the end of the capture when its header is cut), or -1.</summary>
    private int PrintDnsRecord(ReadOnlySpan<byte> m, int at, bool isMdns)
    {
        int verbosity = _options.Verbosity;
        if (verbosity > 0)
        {
            _out.Append((byte)' ');
            if ((at = PrintDnsName(m, at)) < 0) return NoBytes;
        }
        else
        {
            at = SkipDnsName(m, at);
        }
        if (at < 0 || at + DnsOffsets.RecordFixedLength > m.Length) return m.Length;

        int type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
        int rawClass = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 2)..]);
        int cls = isMdns ? rawClass & 0x7FFF : rawClass;
        if (cls != (int)DnsClass.IN && type != (int)DnsRecordType.OPT)
        {
            _out.Append((byte)' ');
            AppendDnsClass(cls);
        }
        if (isMdns && (rawClass & 0x8000) != 0) _out.Append(" (Cache flush)"u8);

        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(m[(at + 4)..]);
        int optFlags = (int)(ttl & 0xFFFF);
        if (type != (int)DnsRecordType.OPT && verbosity > 2)
        {
            _out.Append(" ["u8);
            AppendRelativeTime(ttl);
            _out.Append((byte)']');
        }
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 8)..]);
        int cp = at + DnsOffsets.RecordFixedLength;
        int next = cp + dataLength;

        _out.Append((byte)' ');
        AppendDnsType(type);
        if (next > m.Length) return NoBytes;

        switch ((DnsRecordType)type)
        {
            case DnsRecordType.A:
                // tcpdump reads four bytes whatever RDLENGTH says.
                if (cp + 4 > m.Length) return NoBytes;
                _out.Append((byte)' ').Append(Ipv4Address.Read(m[cp..]));
                break;
            case DnsRecordType.NS:
            case DnsRecordType.CNAME:
            case DnsRecordType.PTR:
            case DnsRecordType.DNAME:
                _out.Append((byte)' ');
                if (PrintDnsName(m, cp) < 0) return NoBytes;
                break;
            case DnsRecordType.SOA:
                if (verbosity == 0) break;
                _out.Append((byte)' ');
                if ((cp = PrintDnsName(m, cp)) < 0) return NoBytes;
                _out.Append((byte)' ');
                if ((cp = PrintDnsName(m, cp)) < 0) return NoBytes;
                if (cp + 20 > m.Length) return NoBytes;
                for (int i = 0; i < 5; i++)
                    _out.Append((byte)' ').Append(BinaryPrimitives.ReadUInt32BigEndian(m[(cp + 4 * i)..]));
                break;
            case DnsRecordType.MX:
                _out.Append((byte)' ');
                if (cp + 2 > m.Length || PrintDnsName(m, cp + 2) < 0) return NoBytes;
                _out.Append((byte)' ').Append(BinaryPrimitives.ReadUInt16BigEndian(m[cp..]));
                break;
            case DnsRecordType.TXT:
                while (cp < next)
                {
                    _out.Append(" \""u8);
                    if (cp >= m.Length) return NoBytes;
                    int n = m[cp++];
                    if (!AppendPrintableChecked(m, cp, n)) return NoBytes;
                    cp += n;
                    _out.Append((byte)'"');
                }
                break;
            case DnsRecordType.SRV:
                _out.Append((byte)' ');
                if (cp + 6 > m.Length || PrintDnsName(m, cp + 6) < 0) return NoBytes;
                _out.Append((byte)':').Append(BinaryPrimitives.ReadUInt16BigEndian(m[(cp + 4)..]))
                    .Append((byte)' ').Append(BinaryPrimitives.ReadUInt16BigEndian(m[cp..]))
                    .Append((byte)' ').Append(BinaryPrimitives.ReadUInt16BigEndian(m[(cp + 2)..]));
                break;
            case DnsRecordType.AAAA:
                if (cp + 16 > m.Length) return NoBytes;
                _out.Append((byte)' ').Append(Ipv6Address.Read(m[cp..]));
                break;
            case DnsRecordType.A6:
                if (!PrintA6(m, cp)) return NoBytes;
                break;
            case DnsRecordType.URI:
                if (dataLength < 4) return NoBytes;
                _out.Append((byte)' ').Append(BinaryPrimitives.ReadUInt16BigEndian(m[cp..]))
                    .Append((byte)' ').Append(BinaryPrimitives.ReadUInt16BigEndian(m[(cp + 2)..])).Append((byte)' ');
                AppendPrintable(m.Slice(cp + 4, dataLength - 4));
                break;
            case DnsRecordType.OPT:
                _out.Append(" UDPsize="u8).Append(cls);
                if ((optFlags & 0x8000) != 0) _out.Append(" DO"u8);
                if (cp < next)
                {
                    _out.Append(" ["u8);
                    while (cp < next)
                    {
                        if ((cp = PrintEdnsOption(m, cp)) < 0) return NoBytes;
                        if (cp < next) _out.Append((byte)',');
                    }
                    _out.Append((byte)']');
                }
                break;
            case DnsRecordType.UNSPECA:
                AppendPrintable(m.Slice(cp, dataLength));
                break;
            case DnsRecordType.TSIG:
                if (verbosity == 0) break;
                _out.Append((byte)' ');
                if ((cp = PrintDnsName(m, cp)) < 0) return NoBytes;
                cp += 6;
                if (cp + 4 > m.Length) return NoBytes;
                _out.Append(" fudge="u8).Append(BinaryPrimitives.ReadUInt16BigEndian(m[cp..]));
                int macLength = BinaryPrimitives.ReadUInt16BigEndian(m[(cp + 2)..]);
                _out.Append(" maclen="u8).Append(macLength);
                cp += 4 + macLength;
                if (cp + 6 > m.Length) return NoBytes;
                _out.Append(" origid="u8).Append(BinaryPrimitives.ReadUInt16BigEndian(m[cp..]))
                    .Append(" error="u8).Append(BinaryPrimitives.ReadUInt16BigEndian(m[(cp + 2)..]))
                    .Append(" otherlen="u8).Append(BinaryPrimitives.ReadUInt16BigEndian(m[(cp + 4)..]));
                break;
        }
        return next;
    }

    /// <summary>A6 (RFC 2874): prefix length, the address suffix, then the prefix name.</summary>
    private bool PrintA6(ReadOnlySpan<byte> m, int cp)
    {
        if (cp >= m.Length) return false;
        int prefixBits = m[cp];
        int prefixBytes = (prefixBits & ~7) / 8;
        if (prefixBits > 128)
        {
            _out.Append((byte)' ').Append(prefixBits).Append("(bad plen)"u8);
            return true;
        }
        if (prefixBits < 128)
        {
            int suffix = 16 - prefixBytes;
            if (cp + 1 + suffix > m.Length) return false;
            Span<byte> address = stackalloc byte[16];
            address.Clear();
            m.Slice(cp + 1, suffix).CopyTo(address[prefixBytes..]);
            _out.Append((byte)' ').Append(prefixBits).Append((byte)' ').Append(Ipv6Address.Read(address));
        }
        if (prefixBits > 0)
        {
            _out.Append((byte)' ');
            if (PrintDnsName(m, cp + 1 + 16 - prefixBytes) < 0) return false;
        }
        return true;
    }

    /// <summary>One EDNS option inside an OPT record: name, then its data decoded where tcpdump decodes it.</summary>
    private int PrintEdnsOption(ReadOnlySpan<byte> m, int cp)
    {
        if (cp + 2 > m.Length) return NoBytes;
        int code = BinaryPrimitives.ReadUInt16BigEndian(m[cp..]);
        cp += 2;
        AppendEdnsOptionName(code);
        if (cp + 2 > m.Length) return NoBytes;
        int length = BinaryPrimitives.ReadUInt16BigEndian(m[cp..]);
        cp += 2;
        if (cp + length > m.Length) return NoBytes;
        if (length == 0) return cp;
        ReadOnlySpan<byte> data = m.Slice(cp, length);
        _out.Append((byte)' ');
        switch (code)
        {
            case 5: case 6: case 7:
                for (int i = 0; i < data.Length; i++)
                {
                    if (i > 0) _out.Append((byte)' ');
                    AppendDnssecAlgorithm(code, data[i]);
                }
                break;
            case 8:
                PrintEdnsClientSubnet(data);
                break;
            case 10:
                if (length < 8 || (length > 8 && length < 16) || length > 40) { _out.Append(" (invalid)"u8); break; }
                for (int i = 0; i < length; i++)
                {
                    if (i == 8) _out.Append((byte)' ');
                    _out.AppendHex(data[i], 2);
                }
                break;
            case 11:
                if (length != 2) { _out.Append(" (invalid)"u8); break; }
                // Keepalive is in units of 100 ms; tcpdump shows seconds with one decimal.
                int tenths = BinaryPrimitives.ReadUInt16BigEndian(data);
                _out.Append(tenths / 10).Append((byte)'.').Append(tenths % 10).Append(" sec"u8);
                break;
            case 9:
                if (length != 4) { _out.Append(" (invalid)"u8); break; }
                _out.Append(BinaryPrimitives.ReadUInt32BigEndian(data)).Append(" sec"u8);
                break;
            case 12:
                _out.Append((byte)'(').Append(length).Append((byte)')');
                break;
            case 13:
                // CHAIN (RFC 7901): the closest trust point, a domain name.
                if (PrintDnsName(m, cp) < 0) return NoBytes;
                break;
            case 14:
                if (length % 2 != 0) { _out.Append(" (invalid)"u8); break; }
                for (int i = 0; i < length; i += 2)
                {
                    if (i > 0) _out.Append((byte)' ');
                    _out.Append(BinaryPrimitives.ReadUInt16BigEndian(data[i..]));
                }
                break;
            default:
                foreach (byte b in data) _out.AppendHex(b, 2);
                break;
        }
        return cp + length;
    }

    /// <summary>EDNS Client Subnet (RFC 7871): "address/source/scope", the address padded with zeros.</summary>
    private void PrintEdnsClientSubnet(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4) { _out.Append(" (invalid)"u8); return; }
        int family = BinaryPrimitives.ReadUInt16BigEndian(data);
        int source = data[2];
        int scope = data[3];
        int addressBits = family switch { 1 => 32, 2 => 128, _ => 0 };
        int addressBytes = data.Length - 4;
        if (addressBits == 0 || addressBytes > addressBits / 8 || source > addressBits || scope > addressBits
            || (source + 7) / 8 != addressBytes)
        {
            _out.Append(" (invalid)"u8);
            return;
        }
        Span<byte> padded = stackalloc byte[16];
        padded.Clear();
        data[4..].CopyTo(padded);
        if (family == 1) _out.Append(Ipv4Address.Read(padded));
        else _out.Append(Ipv6Address.Read(padded));
        _out.Append((byte)'/').Append(source).Append((byte)'/').Append(scope);
    }

    /// <summary>Prints bytes as tcpdump prints untrusted text: "M-" for the high bit, "^X" for control characters.</summary>
    private void AppendPrintable(ReadOnlySpan<byte> text)
    {
        foreach (byte raw in text)
        {
            int c = raw;
            if (c > 0x7F)
            {
                _out.Append("M-"u8);
                c &= 0x7F;
            }
            if (c < 0x20 || c == 0x7F) _out.Append((byte)'^').Append((byte)(c ^ 0x40));
            else _out.Append((byte)c);
        }
    }

    /// <summary>Prints <paramref name="count"/> bytes from <paramref name="at"/>, or as many as were captured and false.</summary>
    private bool AppendPrintableChecked(ReadOnlySpan<byte> m, int at, int count)
    {
        if (at > m.Length) return false;
        int available = Math.Min(count, m.Length - at);
        AppendPrintable(m.Slice(at, available));
        return available == count;
    }

    private static readonly uint[] RelativeTimeUnits = [31536000, 604800, 86400, 3600, 60, 1];

    /// <summary>tcpdump's relative time: "1d2h3m4s", with weeks and years, "0s" for zero.</summary>
    private void AppendRelativeTime(uint seconds)
    {
        if (seconds == 0)
        {
            _out.Append("0s"u8);
            return;
        }
        ReadOnlySpan<byte> suffixes = "ywdhms"u8;
        for (int i = 0; i < RelativeTimeUnits.Length && seconds > 0; i++)
        {
            uint unit = RelativeTimeUnits[i];
            if (seconds < unit) continue;
            _out.Append(seconds / unit).Append(suffixes[i]);
            seconds %= unit;
        }
    }

    private static ReadOnlySpan<byte> DnsOpcodeText(int opcode) => opcode switch
    {
        0 => ""u8, 1 => " inv_q"u8, 2 => " stat"u8, 3 => " op3"u8, 4 => " notify"u8, 5 => " update"u8,
        6 => " op6"u8, 7 => " op7"u8, 8 => " op8"u8, 9 => " updateA"u8, 10 => " updateD"u8, 11 => " updateDA"u8,
        12 => " updateM"u8, 13 => " updateMA"u8, 14 => " zoneInit"u8, _ => " zoneRef"u8,
    };

    private void AppendDnsResponseCode(int rcode)
    {
        ReadOnlySpan<byte> name = rcode switch
        {
            0 => ""u8, 1 => " FormErr"u8, 2 => " ServFail"u8, 3 => " NXDomain"u8, 4 => " NotImp"u8, 5 => " Refused"u8,
            6 => " YXDomain"u8, 7 => " YXRRSet"u8, 8 => " NXRRSet"u8, 9 => " NotAuth"u8, 10 => " NotZone"u8,
            15 => " NoChange"u8, 16 => " BadVers"u8, 23 => " BadCookie"u8, _ => default,
        };
        if (rcode is 0 or (>= 1 and <= 10) or 15 or 16 or 23) _out.Append(name);
        else _out.Append(" Resp"u8).Append(rcode & 0xFFF);
    }

    private void AppendDnsClass(int cls)
    {
        switch (cls)
        {
            case (int)DnsClass.IN: _out.Append("IN"u8); break;
            case (int)DnsClass.CHAOS: _out.Append("CHAOS"u8); break;
            case (int)DnsClass.HS: _out.Append("HS"u8); break;
            case (int)DnsClass.ANY: _out.Append("ANY"u8); break;
            default: _out.Append("(Class "u8).Append(cls).Append((byte)')'); break;
        }
    }

    private void AppendDnsType(int type)
    {
        // The enum names are tcpdump's mnemonics, cached as UTF-8.
        ReadOnlySpan<byte> name = DnsTypeNames.Get(type);
        if (name.IsEmpty) _out.Append("Type"u8).Append(type);
        else _out.Append(name);
    }

    private void AppendEdnsOptionName(int code)
    {
        ReadOnlySpan<byte> name = code switch
        {
            1 => "LLQ"u8, 2 => "UL"u8, 3 => "NSID"u8, 5 => "DAU"u8, 6 => "DHU"u8, 7 => "N3U"u8, 8 => "ECS"u8,
            9 => "EXPIRE"u8, 10 => "COOKIE"u8, 11 => "KEEPALIVE"u8, 12 => "PADDING"u8, 13 => "CHAIN"u8,
            14 => "KEY-TAG"u8, 16 => "CLIENT-TAG"u8, 17 => "SERVER-TAG"u8, _ => default,
        };
        if (name.IsEmpty) _out.Append("Opt"u8).Append(code);
        else _out.Append(name);
    }

    /// <summary>Algorithm mnemonics for the DAU (DNSSEC), DHU (DS hash) and N3U (NSEC3 hash) options.</summary>
    private void AppendDnssecAlgorithm(int option, byte algorithm)
    {
        ReadOnlySpan<byte> name = option switch
        {
            5 => algorithm switch
            {
                0 => "DELETE"u8, 1 => "RSAMD5"u8, 2 => "DH"u8, 3 => "DS"u8, 5 => "RSASHA1"u8, 6 => "DSA-NSEC3-SHA1"u8,
                7 => "RSASHA1-NSEC3-SHA1"u8, 8 => "RSASHA256"u8, 10 => "RSASHA512"u8, 12 => "ECC-GOST"u8,
                13 => "ECDSAP256SHA256"u8, 14 => "ECDSAP384SHA384"u8, 15 => "ED25519"u8, 16 => "ED448"u8,
                252 => "INDIRECT"u8, 253 => "PRIVATEDNS"u8, 254 => "PRIVATEOID"u8, _ => default,
            },
            6 => algorithm switch { 1 => "SHA-1"u8, 2 => "SHA-256"u8, 3 => "GOST_R_34.11-94"u8, 4 => "SHA-384"u8, _ => default },
            _ => algorithm == 1 ? "SHA-1"u8 : default,
        };
        if (name.IsEmpty) _out.Append("Alg_"u8).Append((int)algorithm);
        else _out.Append(name);
    }
}
