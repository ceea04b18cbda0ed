using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Dns;

namespace SockScope.Wire.Formatting;

// DNS resource records as tcpdump 4.99 prints them: each type's data (A6, OPT with its EDNS options,
// and the rest). Split from DnsMessageWriter.cs, which prints the header, sections and questions.
internal readonly partial struct DnsMessageWriter
{
    /// <summary>One resource record; returns where the next one starts (the end of the capture when its header is cut), or -1.</summary>
    private int PrintRecord(ReadOnlySpan<byte> m, int at)
    {
        int verbosity = _verbosity;
        if (verbosity > 0)
        {
            _out.Append((byte)' ');
            if ((at = DnsNames.Print(_out, m, at)) < 0) return NoBytes;
        }
        else
        {
            at = DnsNames.Skip(m, at);
        }
        if (at < 0 || at + DnsOffsets.RecordFixedLength > m.Length) return m.Length;

        int type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
        int rawClass = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 2)..]);
        int cls = _isMdns ? rawClass & 0x7FFF : rawClass;
        if (cls != (int)DnsClass.IN && type != (int)DnsRecordType.OPT)
        {
            _out.Append((byte)' ');
            DnsMnemonics.AppendClass(_out, cls);
        }
        if (_isMdns && (rawClass & 0x8000) != 0) _out.Append(" (Cache flush)"u8);

        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(m[(at + 4)..]);
        int optFlags = (int)(ttl & 0xFFFF);
        if (type != (int)DnsRecordType.OPT && verbosity > 2)
        {
            _out.Append(" ["u8);
            TcpdumpText.AppendRelativeTime(_out, ttl);
            _out.Append((byte)']');
        }
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 8)..]);
        int cp = at + DnsOffsets.RecordFixedLength;
        int next = cp + dataLength;

        _out.Append((byte)' ');
        DnsMnemonics.AppendType(_out, type);
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
                if (DnsNames.Print(_out, m, cp) < 0) return NoBytes;
                break;
            case DnsRecordType.SOA:
                if (verbosity == 0) break;
                _out.Append((byte)' ');
                if ((cp = DnsNames.Print(_out, m, cp)) < 0) return NoBytes;
                _out.Append((byte)' ');
                if ((cp = DnsNames.Print(_out, m, cp)) < 0) return NoBytes;
                if (cp + 20 > m.Length) return NoBytes;
                for (int i = 0; i < 5; i++)
                    _out.Append((byte)' ').Append(BinaryPrimitives.ReadUInt32BigEndian(m[(cp + 4 * i)..]));
                break;
            case DnsRecordType.MX:
                _out.Append((byte)' ');
                if (cp + 2 > m.Length || DnsNames.Print(_out, m, cp + 2) < 0) return NoBytes;
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
                if (cp + 6 > m.Length || DnsNames.Print(_out, m, cp + 6) < 0) return NoBytes;
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
                TcpdumpText.AppendPrintable(_out, m.Slice(cp + 4, dataLength - 4));
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
                TcpdumpText.AppendPrintable(_out, m.Slice(cp, dataLength));
                break;
            case DnsRecordType.TSIG:
                if (verbosity == 0) break;
                _out.Append((byte)' ');
                if ((cp = DnsNames.Print(_out, m, cp)) < 0) return NoBytes;
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
            if (DnsNames.Print(_out, m, cp + 1 + 16 - prefixBytes) < 0) return false;
        }
        return true;
    }

    /// <summary>One EDNS option inside an OPT record: name, then its data decoded where tcpdump decodes it.</summary>
    private int PrintEdnsOption(ReadOnlySpan<byte> m, int cp)
    {
        if (cp + 2 > m.Length) return NoBytes;
        int code = BinaryPrimitives.ReadUInt16BigEndian(m[cp..]);
        cp += 2;
        DnsMnemonics.AppendEdnsOptionName(_out, code);
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
                    DnsMnemonics.AppendDnssecAlgorithm(_out, code, data[i]);
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
                if (DnsNames.Print(_out, m, cp) < 0) return NoBytes;
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

    /// <summary>Prints <paramref name="count"/> bytes from <paramref name="at"/>, or as many as were captured and false.</summary>
    private bool AppendPrintableChecked(ReadOnlySpan<byte> m, int at, int count)
    {
        if (at > m.Length) return false;
        int available = Math.Min(count, m.Length - at);
        TcpdumpText.AppendPrintable(_out, m.Slice(at, available));
        return available == count;
    }
}
