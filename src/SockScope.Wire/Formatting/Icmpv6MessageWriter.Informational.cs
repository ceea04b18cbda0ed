using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Icmp;

namespace SockScope.Wire.Formatting;

// The less common ICMPv6 messages as tcpdump 4.99 prints them: router renumbering (RFC 2894), node
// information (RFC 4620) and RPL control messages (RFC 6550) with their DAO options. Split from
// Icmpv6MessageWriter.cs, which dispatches to them.
internal readonly partial struct Icmpv6MessageWriter
{
    /// <summary>Router renumbering (RFC 2894): command, sequence, and for commands the match and use prefixes.</summary>
    private bool PrintRouterRenumbering(ReadOnlySpan<byte> b)
    {
        if (b.Length < 16) return false;
        int code = b[1];
        _out.Append(code switch { 0 => ", command"u8, 1 => ", result"u8, 255 => ", sequence number reset"u8, _ => default });
        if (code is not (0 or 1 or 255)) _out.Append(", code-#"u8).Append(code);
        _out.Append(", seq="u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[4..]));
        int verbosity = _verbosity;
        if (verbosity > 0)
        {
            int flags = b[9];
            _out.Append((byte)'[');
            if (flags != 0)
            {
                if ((flags & 0x80) != 0) _out.Append((byte)'T');
                if ((flags & 0x40) != 0) _out.Append((byte)'R');
                if ((flags & 0x20) != 0) _out.Append((byte)'A');
                if ((flags & 0x10) != 0) _out.Append((byte)'S');
                if ((flags & 0x08) != 0) _out.Append((byte)'P');
                _out.Append((byte)',');
            }
            _out.Append("seg="u8).Append((int)b[8]).Append(",maxdelay="u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[10..]));
            uint reserved = BinaryPrimitives.ReadUInt32BigEndian(b[12..]);
            if (reserved != 0) _out.Append("rsvd=0x"u8).AppendHex(reserved);
            _out.Append((byte)']');
        }
        if (code != 0) return true;

        const int match = 16;
        if (b.Length < match + 24) return false;
        _out.Append(verbosity > 1 ? "\n\t"u8 : " "u8).Append("match("u8);
        switch (b[match])
        {
            case 1: _out.Append("add"u8); break;
            case 2: _out.Append("change"u8); break;
            case 3: _out.Append("setglobal"u8); break;
            default: _out.Append((byte)'#').Append((int)b[match]); break;
        }
        if (verbosity > 0)
            _out.Append(",ord="u8).Append((int)b[match + 2]).Append(",min="u8).Append((int)b[match + 4])
                .Append(",max="u8).Append((int)b[match + 5]);
        _out.Append((byte)',').Append(Ipv6Address.Read(b[(match + 8)..])).Append((byte)'/').Append((int)b[match + 3]).Append((byte)')');

        int words = b[match + 1] - 3;
        if (words % 4 != 0) return false;
        int at = match + 24;
        for (int n = words / 4; n > 0; n--, at += 32)
        {
            if (at + 32 > b.Length) return false;
            _out.Append(verbosity > 1 ? "\n\t"u8 : " "u8).Append("use("u8);
            int flags = b[at + 12];
            if (flags != 0)
            {
                if ((flags & 0x80) != 0) _out.Append((byte)'V');
                if ((flags & 0x40) != 0) _out.Append((byte)'P');
                _out.Append((byte)',');
            }
            if (verbosity > 0)
            {
                _out.Append("mask=0x"u8).AppendHex(b[at + 2]).Append(",raflags=0x"u8).AppendHex(b[at + 3]).Append(",vltime="u8);
                uint valid = BinaryPrimitives.ReadUInt32BigEndian(b[(at + 4)..]);
                if (valid == uint.MaxValue) _out.Append("infty"u8); else _out.Append(valid);
                _out.Append(",pltime="u8);
                uint preferred = BinaryPrimitives.ReadUInt32BigEndian(b[(at + 8)..]);
                if (preferred == uint.MaxValue) _out.Append("infty"u8); else _out.Append(preferred);
                _out.Append((byte)',');
            }
            _out.Append(Ipv6Address.Read(b[(at + 16)..])).Append((byte)'/').Append((int)b[at]).Append((byte)'/').Append((int)b[at + 1]).Append((byte)')');
        }
        return true;
    }

    /// <summary>
    /// Whether a node information reply's subject address, ending at <paramref name="end"/>, is
    /// there to print. A cut-short one prints nothing; a message of another length, only (with -v)
    /// "invalid subject len", as tcpdump does.
    /// </summary>
    private bool NodeInfoSubjectFits(int captured, int end, int verbosity)
    {
        if (captured < end) return false;
        if (captured == end) return true;
        if (verbosity > 0) _out.Append(", invalid subject len"u8);
        return false;
    }

    /// <summary>Node information query/reply (RFC 4620).</summary>
    private bool PrintNodeInformation(ReadOnlySpan<byte> b, int length)
    {
        int captured = b.Length;
        int verbosity = _verbosity;
        const int header = Icmpv6Offsets.NodeInfoLength;
        if (b[0] == (byte)Icmpv6Type.NodeInformationQuery)
        {
            if (captured == 12)
            {
                _out.Append(" who-are-you request"u8);
                return true;
            }
            _out.Append(" node information query"u8);
            if (captured < header) return false;
            int qtype = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
            int flags = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
            _out.Append(" ("u8);
            switch (qtype)
            {
                case 0: _out.Append("noop"u8); break;
                case 1:
                    _out.Append("supported qtypes"u8);
                    if (flags != 0) _out.Append((flags & 1) != 0 ? " [C]"u8 : " []"u8);
                    break;
                case 2: _out.Append("DNS name"u8); break;
                case 3:
                    _out.Append("node addresses"u8);
                    if (flags != 0)
                    {
                        _out.Append(" ["u8);
                        AppendNodeAddressFlags(flags, withTruncate: false);
                        _out.Append((byte)']');
                    }
                    break;
                default: _out.Append("unknown"u8); break;
            }
            if (qtype is 0 or 1)
            {
                if (captured != header && verbosity > 0) _out.Append(", invalid len"u8);
                _out.Append((byte)')');
                return true;
            }
            if (captured == header)
            {
                _out.Append(", 03 draft)"u8);
                return true;
            }
            switch (b[1])
            {
                case 0:
                    if (NodeInfoSubjectFits(captured, header + Ipv6Address.Size, verbosity))
                        _out.Append(", subject="u8).Append(Ipv6Address.Read(b[header..]));
                    break;
                case 1:
                    _out.Append(", subject=DNS name"u8);
                    if (!PrintNodeInfoName(b, header)) return false;
                    break;
                case 2:
                    if (NodeInfoSubjectFits(captured, header + Ipv4Address.Size, verbosity))
                        _out.Append(", subject="u8).Append(Ipv4Address.Read(b[header..]));
                    break;
                default:
                    _out.Append(", unknown subject"u8);
                    break;
            }
            _out.Append((byte)')');
            return true;
        }

        if (length > captured) return false;
        if (captured < header) return false;
        _out.Append(" node information reply ("u8);
        int replyCode = b[1];
        bool comma = false;
        switch (replyCode)
        {
            case 0:
                if (verbosity > 0) { _out.Append("success"u8); comma = true; }
                break;
            case 1:
                _out.Append("refused"u8);
                comma = true;
                if (captured != header && verbosity > 0) _out.Append(", invalid length"u8);
                break;
            case 2:
                _out.Append("unknown"u8);
                comma = true;
                if (captured != header && verbosity > 0) _out.Append(", invalid length"u8);
                break;
        }
        if (replyCode != 0)
        {
            _out.Append((byte)')');
            return true;
        }
        int replyType = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
        int replyFlags = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
        if (comma) _out.Append(", "u8);
        switch (replyType)
        {
            case 0:
                _out.Append("noop"u8);
                if (captured != header && verbosity > 0) _out.Append(", invalid length"u8);
                break;
            case 1:
                _out.Append("supported qtypes"u8);
                if (replyFlags != 0) _out.Append((replyFlags & 1) != 0 ? " [C]"u8 : " []"u8);
                break;
            case 2:
                _out.Append("DNS name"u8);
                if (!PrintNodeInfoName(b, header + 4)) return false;
                if ((replyFlags & 1) != 0)
                {
                    if (captured < header + 4) return false;
                    _out.Append(" [TTL="u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[header..])).Append((byte)']');
                }
                break;
            case 3:
                _out.Append("node addresses"u8);
                for (int at = header; at + 20 <= captured; at += 20)
                    _out.Append((byte)' ').Append(Ipv6Address.Read(b[(at + 4)..])).Append((byte)'(')
                        .Append(BinaryPrimitives.ReadUInt32BigEndian(b[at..])).Append((byte)')');
                if (replyFlags != 0)
                {
                    _out.Append(" ["u8);
                    AppendNodeAddressFlags(replyFlags, withTruncate: true);
                    _out.Append((byte)']');
                }
                break;
            default:
                _out.Append("unknown"u8);
                break;
        }
        _out.Append((byte)')');
        return true;
    }

    private void AppendNodeAddressFlags(int flags, bool withTruncate)
    {
        if ((flags & 0x40) != 0) _out.Append((byte)'a');
        if ((flags & 0x20) != 0) _out.Append((byte)'G');
        if ((flags & 0x10) != 0) _out.Append((byte)'S');
        if ((flags & 0x08) != 0) _out.Append((byte)'L');
        if ((flags & 0x04) != 0) _out.Append((byte)'C');
        if ((flags & 0x02) != 0) _out.Append((byte)'A');
        if (withTruncate && (flags & 0x01) != 0) _out.Append((byte)'T');
    }

    /// <summary>A node-information name: a pascal string (old draft) or DNS wire names, each after ", ".</summary>
    private bool PrintNodeInfoName(ReadOnlySpan<byte> b, int at)
    {
        if (at >= b.Length) return false;
        if (b[at] == b.Length - at - 1)
        {
            if (_verbosity > 0) _out.Append(", 03 draft"u8);
            _out.Append(", \""u8);
            TcpdumpText.AppendPrintable(_out, b[(at + 1)..]);
            _out.Append((byte)'"');
            return true;
        }
        // Labels without compression, quoted; "???" where the encoding does not add up.
        ReadOnlySpan<byte> names = b[at..];
        _out.Append(", \""u8);
        int pos = 0;
        while (pos < names.Length)
        {
            int label = names[pos++];
            if (label == 0)
            {
                if (pos == names.Length) _out.Append((byte)'.');
                else if (!(pos + 1 == names.Length && names[pos] == 0)) _out.Append("???"u8);
                break;
            }
            if (label > names.Length - pos)
            {
                _out.Append("???"u8);
                break;
            }
            TcpdumpText.AppendPrintable(_out, names.Slice(pos, label));
            pos += label;
            if (pos + 1 < names.Length && names[pos] != 0) _out.Append((byte)'.');
        }
        _out.Append((byte)'"');
        return true;
    }

    /// <summary>RPL control messages (RFC 6550): the code, and on -v the DAO and DAO-ACK fields.</summary>
    private bool PrintRpl(ReadOnlySpan<byte> b, int code, int length)
    {
        if ((code & 0x80) != 0)
        {
            _out.Append(", (SEC) [worktodo]"u8);
            return true;
        }
        _out.Append(", (CLR)"u8);
        bool verbose = _verbosity > 0;
        ReadOnlySpan<byte> body = b.Length > 4 ? b[4..] : default;
        switch (code)
        {
            case 0:
                _out.Append("DODAG Information Solicitation"u8);
                return true;
            case 1:
            {
                _out.Append("DODAG Information Object"u8);
                if (!verbose) return true;
                if (body.Length < 8) return false;
                if (b.Length - 4 < 24)
                {
                    _out.Append(" [length "u8).Append(b.Length - 4).Append(" < 24] (invalid)"u8);
                    return true;
                }
                int flags = body[4];
                int mop = (flags >> 3) & 7;
                _out.Append(" [dagid:"u8).Append(Ipv6Address.Read(body[8..])).Append(",seq:"u8).Append((int)body[5])
                    .Append(",instance:"u8).Append((int)body[0]).Append(",rank:"u8).Append(BinaryPrimitives.ReadUInt16BigEndian(body[2..]))
                    .Append((byte)',');
                if ((flags & 0x80) != 0) _out.Append("grounded,"u8);
                _out.Append("mop:"u8);
                ReadOnlySpan<byte> mode = mop switch
                {
                    0 => "nonstoring"u8, 1 => "storing"u8, 2 => "nonstoring-multicast"u8, 3 => "storing-multicast"u8, _ => default,
                };
                if (mode.IsEmpty) _out.Append("mop"u8).Append(mop); else _out.Append(mode);
                _out.Append(",prf:"u8).Append(flags & 7).Append((byte)']');
                return true;
            }
            case 2:
            {
                _out.Append("Destination Advertisement Object"u8);
                if (!verbose) return true;
                // tcpdump checks for the whole structure, DODAG id included, before reading it.
                if (body.Length < 20) return false;
                int flags = body[1];
                bool hasDag = (flags & 0x40) != 0;
                _out.Append(" [dagid:"u8);
                if (hasDag) _out.Append(Ipv6Address.Read(body[4..])); else _out.Append("<elided>"u8);
                _out.Append(",seq:"u8).Append((int)body[3]).Append(",instance:"u8).Append((int)body[0]);
                if ((flags & 0x80) != 0) _out.Append(",acK"u8);
                if (hasDag) _out.Append(",Dagid"u8);
                _out.Append((byte)',').AppendHex((byte)flags, 2).Append((byte)']');
                return _verbosity < 2 || PrintRplOptions(b, 4 + (hasDag ? 20 : 4), length);
            }
            case 3:
            {
                _out.Append("Destination Advertisement Object Ack"u8);
                if (!verbose) return true;
                if (body.Length < 4) return false;
                bool hasDag = (body[1] & 0x80) != 0;
                if (hasDag && body.Length < 20) return false;
                _out.Append(" [dagid:"u8);
                if (hasDag) _out.Append(Ipv6Address.Read(body[4..])); else _out.Append("<elided>"u8);
                _out.Append(",seq:"u8).Append((int)body[2]).Append(",instance:"u8).Append((int)body[0])
                    .Append(",status:"u8).Append((int)body[3]).Append((byte)']');
                return true;
            }
            default:
                _out.Append("RPL message, unknown code "u8).Append(code);
                return true;
        }
    }

    /// <summary>
    /// The options after a DAO on -vv: " opt:pad1", or " opt:NAME len:N " with N counting the
    /// two-byte option header (names as tcpdump shows them; "subopt:T" for the types not seen named
    /// in the corpus), and on -vvv the data. False when the capture ends before the message does.
    /// </summary>
    private bool PrintRplOptions(ReadOnlySpan<byte> b, int at, int length)
    {
        while (at < length)
        {
            if (at >= b.Length) return false;
            int type = b[at];
            if (type == RplPad1)
            {
                _out.Append(" opt:pad1"u8);
                at++;
                continue;
            }
            if (at + 1 >= b.Length) return false;
            int dataLength = b[at + 1];
            _out.Append(" opt:"u8);
            if (type == RplTarget) _out.Append("rpltarget"u8);
            else _out.Append("subopt:"u8).Append(type);
            _out.Append(" len:"u8).Append(dataLength + 2).Append((byte)' ');
            // -vvv adds the option's data, as far as it was captured.
            if (_verbosity > 2) TcpdumpText.AppendHexLines(_out, b.Slice(at + 2, Math.Min(dataLength, b.Length - at - 2)), " "u8);
            at += 2 + dataLength;
            if (at > b.Length) return false;
        }
        return true;
    }

    private const int RplPad1 = 0;
    private const int RplTarget = 5;
}
