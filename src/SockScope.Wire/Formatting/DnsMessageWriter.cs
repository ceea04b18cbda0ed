using System.Buffers.Binary;
using SockScope.Wire.Dns;

namespace SockScope.Wire.Formatting;

// DNS as tcpdump 4.99 prints it: one line per message, sections beyond the first answer list on -vv,
// TTLs on -vvv. The state tcpdump's printer reads (output, verbosity, whether the class field
// carries mDNS's QU / cache-flush bit) travels in this value rather than in printer fields, so
// DnsPrinter runs on its own. Offsets are ints into the message; -1 means "ran out of captured
// bytes" and makes the caller print " [|domain]", as tcpdump does.
internal readonly partial struct DnsMessageWriter(Utf8Builder output, int verbosity, bool isMdns)
{
    private const int NoBytes = DnsNames.NoBytes;

    private readonly Utf8Builder _out = output;
    private readonly int _verbosity = verbosity;
    private readonly bool _isMdns = isMdns;

    /// <summary>The message after the transport's "a.port > b.port: "; <paramref name="length"/> is what the transport claims.</summary>
    public void PrintMessage(ReadOnlySpan<byte> m, int length)
    {
        if (length < DnsOffsets.HeaderLength)
        {
            _out.Append("domain [length "u8).Append(length).Append(" < 12] (invalid)"u8);
            return;
        }
        if (m.Length < DnsOffsets.HeaderLength || !PrintSections(m))
        {
            _out.Append(" [|domain]"u8);
            return;
        }
        _out.Append(" ("u8).Append(length).Append((byte)')');
    }

    /// <summary>Prints header and sections; false when the capture ends first.</summary>
    private bool PrintSections(ReadOnlySpan<byte> m)
    {
        int verbosity = _verbosity;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(m);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.Flags..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.QuestionCount..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.AnswerCount..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.AuthorityCount..]);
        int ar = BinaryPrimitives.ReadUInt16BigEndian(m[DnsOffsets.AdditionalCount..]);
        int opcode = (flags >> 11) & 0x0F;
        int at = DnsOffsets.HeaderLength;

        _out.Append(id).Append(DnsMnemonics.OpcodeText(opcode));
        if ((flags & (ushort)DnsFlags.Response) != 0)
        {
            DnsMnemonics.AppendResponseCode(_out, ExtendedResponseCode(m, flags, qd, an, ns, ar));
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
                    if ((at = PrintQuestion(m, at)) < 0) return false;
                }
                else
                {
                    if ((at = DnsNames.Skip(m, at)) < 0) return false;
                    at += DnsOffsets.QuestionFixedLength;
                }
            }
            _out.Append((byte)' ').Append(an).Append((byte)'/').Append(ns).Append((byte)'/').Append(ar);
            if (an > 0 && !PrintRecordList(m, ref at, ref an, first: true)) return false;
            if (an > 0) return false;
            if (verbosity > 1 && !PrintTrailingSections(m, ref at, ns, ar)) return false;
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
                if ((at = PrintQuestion(m, at)) < 0) return false;
            }
            if (verbosity > 1)
            {
                if (an > 0 && !PrintRecordList(m, ref at, ref an, first: true)) return false;
                if (an > 0) return false;
                if (!PrintTrailingSections(m, ref at, ns, ar)) return false;
            }
        }
        return true;
    }

    /// <summary>The authority (" ns:") and additional (" ar:") sections printed on -vv.</summary>
    private bool PrintTrailingSections(ReadOnlySpan<byte> m, ref int at, int ns, int ar)
    {
        if (at < m.Length && ns > 0)
        {
            _out.Append(" ns:"u8);
            if (!PrintRecordList(m, ref at, ref ns, first: true)) return false;
        }
        if (ns > 0) return false;
        if (at < m.Length && ar > 0)
        {
            _out.Append(" ar:"u8);
            if (!PrintRecordList(m, ref at, ref ar, first: true)) return false;
        }
        return ar == 0;
    }

    /// <summary>Prints records separated by commas while bytes remain; <paramref name="count"/> is what is left.</summary>
    private bool PrintRecordList(ReadOnlySpan<byte> m, ref int at, ref int count, bool first)
    {
        while (count > 0 && (first || at < m.Length))
        {
            if (!first) _out.Append((byte)',');
            first = false;
            if ((at = PrintRecord(m, at)) < 0) return false;
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
            if ((at = DnsNames.Skip(m, at)) < 0) return rcode;
            at += DnsOffsets.QuestionFixedLength;
            if (at >= m.Length) return rcode;
        }
        for (int i = 0; i < an + ns; i++)
        {
            if ((at = DnsNames.Skip(m, at)) < 0) return rcode;
            at += 8;
            if (at + 2 > m.Length) return rcode;
            at += BinaryPrimitives.ReadUInt16BigEndian(m[at..]) + 2;
            if (at >= m.Length) return rcode;
        }
        for (int i = 0; i < ar; i++)
        {
            if ((at = DnsNames.Skip(m, at)) < 0) return rcode;
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

    /// <summary>One question: " TYPE[ CLASS]? name"; -1 when truncated.</summary>
    private int PrintQuestion(ReadOnlySpan<byte> m, int at)
    {
        int end = DnsNames.Skip(m, at);
        if (end < 0 || end + DnsOffsets.QuestionFixedLength > m.Length) return NoBytes;
        int type = BinaryPrimitives.ReadUInt16BigEndian(m[end..]);
        int rawClass = BinaryPrimitives.ReadUInt16BigEndian(m[(end + 2)..]);
        int cls = _isMdns ? rawClass & 0x7FFF : rawClass;
        _out.Append((byte)' ');
        DnsMnemonics.AppendType(_out, type);
        if (cls != (int)DnsClass.IN)
        {
            _out.Append((byte)' ');
            DnsMnemonics.AppendClass(_out, cls);
        }
        if (_isMdns) _out.Append((rawClass & 0x8000) != 0 ? " (QU)"u8 : " (QM)"u8);
        _out.Append("? "u8);
        int nameEnd = DnsNames.Print(_out, m, at);
        return nameEnd < 0 ? NoBytes : nameEnd + DnsOffsets.QuestionFixedLength;
    }
}
