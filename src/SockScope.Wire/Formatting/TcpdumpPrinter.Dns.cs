using System.Buffers.Binary;
using SockScope.Wire.Dns;

namespace SockScope.Wire.Formatting;

// DNS as tcpdump 4.99 prints it: one line per message, sections beyond the first answer list on -vv,
// TTLs on -vvv. Offsets are ints into the message; -1 means "ran out of captured bytes" and makes
// the caller print " [|domain]", as tcpdump does.
public sealed partial class TcpdumpPrinter
{
    private const int NoBytes = -1;

    /// <summary>
    /// Prints a DNS message (after "a.port > b.port: "). <paramref name="length"/> is the length the
    /// transport claims (UDP payload length, or the TCP message length without the prefix), which
    /// tcpdump prints at the end. Over TCP the two-byte length prefix is already removed and checked
    /// (see <see cref="PrintDnsOverTcp"/>); this prints the separating space tcpdump puts first.
    /// </summary>
    internal void PrintDns(ReadOnlySpan<byte> dns, bool overTcp, int length)
    {
        if (overTcp) _out.Append((byte)' ');
        PrintDnsMessage(dns, length, isMdns: false);
    }

    /// <summary>Multicast DNS (UDP port 5353): as DNS, plus the QU and cache-flush bits of the class field.</summary>
    internal void PrintMdns(ReadOnlySpan<byte> dns, int length) => PrintDnsMessage(dns, length, isMdns: true);

    /// <summary>DNS over TCP from the segment payload (with its two-byte length prefix) and the payload length.</summary>
    internal void PrintDnsOverTcp(ReadOnlySpan<byte> tcpPayload, long length)
    {
        if (length < 2)
        {
            _out.Append(" [DNS over TCP: length "u8).Append(length).Append(" < 2] (invalid)"u8);
            return;
        }
        length -= 2;
        if (tcpPayload.Length < 2)
        {
            _out.Append(" [|domain]"u8);
            return;
        }
        int prefix = BinaryPrimitives.ReadUInt16BigEndian(tcpPayload);
        if (prefix != length)
        {
            _out.Append(" [prefix length("u8).Append(prefix).Append(") != length("u8).Append(length).Append(")] (invalid)"u8);
            return;
        }
        // Equal to the two-byte prefix here, so it fits an int.
        PrintDns(tcpPayload[2..], overTcp: true, (int)length);
    }

    private void PrintDnsMessage(ReadOnlySpan<byte> m, int length, bool isMdns)
    {
        if (length < DnsOffsets.HeaderLength)
        {
            _out.Append("domain [length "u8).Append(length).Append(" < 12] (invalid)"u8);
            return;
        }
        if (m.Length < DnsOffsets.HeaderLength || !PrintDnsSections(m, isMdns))
        {
            _out.Append(" [|domain]"u8);
            return;
        }
        _out.Append(" ("u8).Append(length).Append((byte)')');
    }

    /// <summary>Prints header and sections; false when the capture ends first.</summary>
    private bool PrintDnsSections(ReadOnlySpan<byte> m, bool isMdns)
    {
        int verbosity = _options.Verbosity;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(m);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.Flags..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.QuestionCount..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.AnswerCount..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.AuthorityCount..]);
        int ar = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.AdditionalCount..]);
        int opcode = (flags >> 11) & 0x0F;
        int at = DnsOffsets.HeaderLength;

        _out.Append(id).Append(DnsOpcodeText(opcode));
        if ((flags & (ushort)DnsFlags.Response) != 0)
        {
            AppendDnsResponseCode(ExtendedResponseCode(m, flags, qd, an, ns, ar));
            if ((flags & (ushort)DnsFlags.Authoritative) != 0) _out.Append((byte)'*');
            if ((flags & (ushort)DnsFlags.RecursionAvailable) == 0) _out.Append((byte)'-');
            if ((flags & (ushort)DnsFlags.Truncated) != 0) _out.Append((byte)'|');
            if ((flags & (ushort)DnsFlags.AuthenticData) != 0) _out.Append((byte)'$');
            if (qd != 1) _out.Append(" ["u8).Append(qd).Append("q]"u8);

            for (int i = 0; i < qd; i++)
            {
                if (i != 0) _out.Append((byte)',');
                if (verbosity > 1)
                {
                    _out.Append(" q:"u8);
                    if ((at = PrintDnsQuestion(m, at, isMdns)) < 0) return false;
                }
                else
                {
                    if ((at = SkipDnsName(m, at)) < 0) return false;
                    at += DnsOffsets.QuestionFixedLength;
                }
            }
            _out.Append((byte)' ').Append(an).Append((byte)'/').Append(ns).Append((byte)'/').Append(ar);
            if (an > 0 && !PrintDnsRecordList(m, ref at, ref an, isMdns, first: true)) return false;
            if (an > 0) return false;
            if (verbosity > 1 && !PrintDnsTrailingSections(m, ref at, ns, ar, isMdns)) return false;
        }
        else
        {
            if ((flags & (ushort)DnsFlags.RecursionDesired) != 0) _out.Append((byte)'+');
            if ((flags & (ushort)DnsFlags.CheckingDisabled) != 0) _out.Append((byte)'%');
            // Bits a query should not carry (AA, TC, RA, Z and the response code) are shown raw.
            if ((flags & 0x6CF) != 0) _out.Append(" [b2&3=0x"u8).AppendHex(flags).Append((byte)']');
            if (opcode == (int)DnsOpcode.InverseQuery)
            {
                if (qd != 0) _out.Append(" ["u8).Append(qd).Append("q]"u8);
                if (an != 1) _out.Append(" ["u8).Append(an).Append("a]"u8);
            }
            else
            {
                if (an != 0) _out.Append(" ["u8).Append(an).Append("a]"u8);
                if (qd != 1) _out.Append(" ["u8).Append(qd).Append("q]"u8);
            }
            if (ns != 0) _out.Append(" ["u8).Append(ns).Append("n]"u8);
            if (ar != 0) _out.Append(" ["u8).Append(ar).Append("au]"u8);

            for (int i = 0; i < qd; i++)
            {
                if (i != 0 && at >= m.Length) return false;
                if ((at = PrintDnsQuestion(m, at, isMdns)) < 0) return false;
            }
            if (verbosity > 1)
            {
                if (an > 0 && !PrintDnsRecordList(m, ref at, ref an, isMdns, first: true)) return false;
                if (an > 0) return false;
                if (!PrintDnsTrailingSections(m, ref at, ns, ar, isMdns)) return false;
            }
        }
        return true;
    }

    /// <summary>The authority (" ns:") and additional (" ar:") sections printed on -vv.</summary>
    private bool PrintDnsTrailingSections(ReadOnlySpan<byte> m, ref int at, int ns, int ar, bool isMdns)
    {
        if (at < m.Length && ns > 0)
        {
            _out.Append(" ns:"u8);
            if (!PrintDnsRecordList(m, ref at, ref ns, isMdns, first: true)) return false;
        }
        if (ns > 0) return false;
        if (at < m.Length && ar > 0)
        {
            _out.Append(" ar:"u8);
            if (!PrintDnsRecordList(m, ref at, ref ar, isMdns, first: true)) return false;
        }
        return ar == 0;
    }

    /// <summary>Prints records separated by commas while bytes remain; <paramref name="count"/> is what is left.</summary>
    private bool PrintDnsRecordList(ReadOnlySpan<byte> m, ref int at, ref int count, bool isMdns, bool first)
    {
        while (count > 0 && (first || at < m.Length))
        {
            if (!first) _out.Append((byte)',');
            first = false;
            if ((at = PrintDnsRecord(m, at, isMdns)) < 0) return false;
            count--;
        }
        return true;
    }

    /// <summary>The response code with EDNS's upper bits, taken from the first OPT record in the additional section.</summary>
    private static int ExtendedResponseCode(ReadOnlySpan<byte> m, ushort flags, int qd, int an, int ns, int ar)
    {
        int rcode = flags & 0x0F;
        int at = DnsOffsets.HeaderLength;
        for (int i = 0; i < qd; i++)
        {
            if ((at = SkipDnsName(m, at)) < 0) return rcode;
            at += DnsOffsets.QuestionFixedLength;
            if (at >= m.Length) return rcode;
        }
        for (int i = 0; i < an + ns; i++)
        {
            if ((at = SkipDnsName(m, at)) < 0) return rcode;
            at += 8;
            if (at + 2 > m.Length) return rcode;
            at += BinaryPrimitives.ReadUInt16BigEndian(m[at..]) + 2;
            if (at >= m.Length) return rcode;
        }
        for (int i = 0; i < ar; i++)
        {
            if ((at = SkipDnsName(m, at)) < 0) return rcode;
            if (at + 2 > m.Length) return rcode;
            int type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
            at += 4;
            if (at + 1 > m.Length) return rcode;
            if (type == (int)DnsRecordType.OPT) return rcode | (m[at] << 4);
            at += 4;
            if (at + 2 > m.Length) return rcode;
            at += BinaryPrimitives.ReadUInt16BigEndian(m[at..]) + 2;
            if (at >= m.Length) return rcode;
        }
        return rcode;
    }

    /// <summary>tcpdump's quick skip: stops at the first pointer without following it; -1 when the capture ends or a label type is reserved.</summary>
    private static int SkipDnsName(ReadOnlySpan<byte> m, int at)
    {
        if ((uint)at >= (uint)m.Length) return NoBytes;
        int b = m[at++];
        while (b != 0)
        {
            switch (b & DnsOffsets.PointerMask)
            {
                case DnsOffsets.PointerMask:
                    return at + 1;
                case DnsOffsets.ExtendedLabelMask:
                    if ((b & 0x3F) != 1 || at >= m.Length) return NoBytes;
                    int bits = m[at] == 0 ? 256 : m[at];
                    at += 1 + (bits + 7) / 8;
                    break;
                case 0:
                    at += b;
                    break;
                default:
                    return NoBytes;
            }
            if ((uint)at >= (uint)m.Length) return NoBytes;
            b = m[at++];
        }
        return at;
    }

    /// <summary>Prints a name as tcpdump does (escapes, "&lt;BAD PTR&gt;", the 255-character cut); returns where it ends in place, or -1.</summary>
    private int PrintDnsName(ReadOnlySpan<byte> m, int at)
    {
        if ((uint)at >= (uint)m.Length) return NoBytes;
        bool rootOnly = m[at] == 0;
        var walker = new DnsNameWalker(m, at);
        int chars = 0;
        while (true)
        {
            switch (walker.Next(out ReadOnlySpan<byte> label))
            {
                case DnsNameStep.Done:
                    if (rootOnly) _out.Append((byte)'.');
                    if (chars > DnsOffsets.MaxNameLength) _out.Append("<DOMAIN NAME TOO LONG>"u8);
                    return walker.End;
                case DnsNameStep.Label:
                {
                    int declared = walker.DeclaredLength;
                    if (chars + declared <= DnsOffsets.MaxNameLength)
                    {
                        AppendPrintable(label);
                        if (!walker.LabelComplete) return NoBytes;
                    }
                    else if (chars < DnsOffsets.MaxNameLength)
                    {
                        int room = DnsOffsets.MaxNameLength - chars;
                        AppendPrintable(label[..Math.Min(room, label.Length)]);
                        if (label.Length < room) return NoBytes;
                    }
                    chars += declared;
                    if (chars <= DnsOffsets.MaxNameLength) _out.Append((byte)'.');
                    chars++;
                    break;
                }
                case DnsNameStep.BitLabel:
                {
                    // "\[x<hex of the bits>/<count>]": whole bytes as two digits, a last partial byte as one or two.
                    if (!walker.LabelComplete) return NoBytes;
                    int bits = label[0] == 0 ? 256 : label[0];
                    _out.Append("\\[x"u8);
                    int whole = bits / 8;
                    for (int i = 0; i < whole; i++) _out.AppendHex(label[1 + i], 2);
                    int rest = bits % 8;
                    if (rest > 0)
                    {
                        int last = label[1 + whole] & (0xFF << (8 - rest)) & 0xFF;
                        if (rest <= 4) _out.AppendHex((uint)(last >> 4), 1);
                        else _out.AppendHex((uint)last, 2);
                    }
                    _out.Append((byte)'/').Append(bits).Append((byte)']');
                    if (chars <= DnsOffsets.MaxNameLength) _out.Append((byte)'.');
                    chars++;
                    break;
                }
                case DnsNameStep.BadPointer:
                    _out.Append("<BAD PTR>"u8);
                    return NoBytes;
                case DnsNameStep.BadLabel:
                    _out.Append("<BAD LABEL TYPE>"u8);
                    return NoBytes;
                case DnsNameStep.ExtendedLabel:
                    _out.Append("<ELT "u8).Append(walker.ExtendedLabelType).Append((byte)'>');
                    return NoBytes;
                default:
                    return NoBytes;
            }
        }
    }

    /// <summary>One question: " TYPE[ CLASS]? name"; -1 when truncated.</summary>
    private int PrintDnsQuestion(ReadOnlySpan<byte> m, int at, bool isMdns)
    {
        int end = SkipDnsName(m, at);
        if (end < 0 || end + DnsOffsets.QuestionFixedLength > m.Length) return NoBytes;
        int type = BinaryPrimitives.ReadUInt16BigEndian(m[end..]);
        int rawClass = BinaryPrimitives.ReadUInt16BigEndian(m[(end + 2)..]);
        int cls = isMdns ? rawClass & 0x7FFF : rawClass;
        _out.Append((byte)' ');
        AppendDnsType(type);
        if (cls != (int)DnsClass.IN)
        {
            _out.Append((byte)' ');
            AppendDnsClass(cls);
        }
        if (isMdns) _out.Append((rawClass & 0x8000) != 0 ? " (QU)"u8 : " (QM)"u8);
        _out.Append("? "u8);
        int nameEnd = PrintDnsName(m, at);
        return nameEnd < 0 ? NoBytes : nameEnd + DnsOffsets.QuestionFixedLength;
    }
}
