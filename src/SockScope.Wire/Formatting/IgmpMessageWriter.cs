using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Icmp;

namespace SockScope.Wire.Formatting;

// IGMP v1/v2/v3, multicast traceroute, DVMRP and PIMv1 as tcpdump 4.99 prints them. The state the
// printer reads (output, verbosity) travels in this value rather than in printer fields, so
// IgmpPrinter runs on its own.
internal readonly struct IgmpMessageWriter(Utf8Builder output, int verbosity)
{
    private readonly Utf8Builder _out = output;
    private readonly int _verbosity = verbosity;

    /// <summary>The message after "IP a > b: " (the -v checksum verdict aside); false when the capture ends first.</summary>
    public bool PrintMessage(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < 1) return false;
        switch ((IgmpType)b[0])
        {
            case IgmpType.MembershipQuery:
                _out.Append("igmp query"u8);
                if (length >= IgmpOffsets.V3QueryLength) return PrintIgmpV3Query(b, length);
                if (b.Length < 2) return false;
                if (b[1] != 0)
                {
                    _out.Append(" v2"u8);
                    if (b[1] != 100) _out.Append(" [max resp time "u8).Append((int)b[1]).Append((byte)']');
                }
                else
                {
                    _out.Append(" v1"u8);
                }
                if (b.Length < 8) return false;
                if (BinaryPrimitives.ReadUInt32BigEndian(b[4..]) != 0)
                    _out.Append(" [gaddr "u8).Append(Ipv4Address.Read(b[4..])).Append((byte)']');
                if (length != 8) _out.Append(" [len "u8).Append(length).Append((byte)']');
                return true;
            case IgmpType.V1MembershipReport:
                if (!PrintIgmpGroup(b, "igmp v1 report "u8)) return false;
                if (length != 8) _out.Append(" [len "u8).Append(length).Append((byte)']');
                return true;
            case IgmpType.V2MembershipReport:
                return PrintIgmpGroup(b, "igmp v2 report "u8);
            case IgmpType.V3MembershipReport:
                _out.Append("igmp v3 report"u8);
                return PrintIgmpV3Report(b, length);
            case IgmpType.LeaveGroup:
                return PrintIgmpGroup(b, "igmp leave "u8);
            case IgmpType.Dvmrp:
                _out.Append("igmp dvmrp"u8);
                if (PrintDvmrp(b, length)) return true;
                _out.Append(" [|dvmrp]"u8);
                return true;
            case IgmpType.PimV1:
                _out.Append("igmp pimv1"u8);
                if (!PrintPimV1(b, length)) _out.Append(" [|pimv1]"u8);
                return true;
            case IgmpType.MtraceResponse:
                return PrintMtrace(b, length, "mresp"u8);
            case IgmpType.Mtrace:
                return PrintMtrace(b, length, "mtrace"u8);
            default:
                _out.Append("igmp-"u8).Append((int)b[0]);
                return true;
        }
    }

    /// <summary>A v1 or v2 membership report or a leave: the words and the group address (bytes 4-7); false when those are not captured.</summary>
    private bool PrintIgmpGroup(ReadOnlySpan<byte> b, ReadOnlySpan<byte> words)
    {
        if (b.Length < 8) return false;
        _out.Append(words).Append(Ipv4Address.Read(b[4..]));
        return true;
    }

    /// <summary>Multicast traceroute query or response: query id, source, destination and where replies go.</summary>
    private bool PrintMtrace(ReadOnlySpan<byte> b, int length, ReadOnlySpan<byte> name)
    {
        const int queryEnd = 8 + 16;
        if (length < queryEnd)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        if (b.Length < queryEnd) return false;
        Ipv4Address replyTo = Ipv4Address.Read(b[16..]);
        _out.Append(name).Append((byte)' ').Append(BinaryPrimitives.ReadUInt32BigEndian(b[20..]) & 0xFFFFFF).Append(": "u8)
            .Append(Ipv4Address.Read(b[8..])).Append(" to "u8).Append(Ipv4Address.Read(b[12..]))
            .Append(" reply-to "u8).Append(replyTo);
        if (replyTo.IsMulticast) _out.Append(" with-ttl "u8).Append((int)b[20]);
        return true;
    }

    private bool PrintIgmpV3Query(ReadOnlySpan<byte> b, int length)
    {
        _out.Append(" v3"u8);
        if (length < 12 || (length & 3) != 0)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        if (b.Length < 2) return false;
        int code = b[1];
        if (code != 100)
        {
            int tenths = IgmpMessage.DecodeV3Code(code);
            _out.Append(" [max resp time "u8);
            if (tenths < 600) _out.Append(tenths / 10).Append((byte)'.').Append(tenths % 10).Append((byte)'s');
            else TcpdumpText.AppendRelativeTime(_out, (uint)(tenths / 10));
            _out.Append((byte)']');
        }
        if (b.Length < 8) return false;
        if (BinaryPrimitives.ReadUInt32BigEndian(b[4..]) == 0) return true;
        _out.Append(" [gaddr "u8).Append(Ipv4Address.Read(b[4..]));
        if (b.Length < 12) return false;
        int sources = BinaryPrimitives.ReadUInt16BigEndian(b[10..]);
        if (sources > 0)
        {
            if (length < 12 + (sources << 2))
            {
                _out.Append(" [invalid number of sources]"u8);
            }
            else if (_verbosity > 1)
            {
                _out.Append(" {"u8);
                for (int i = 0; i < sources; i++)
                {
                    int at = 12 + (i << 2);
                    if (at + 4 > b.Length) return false;
                    _out.Append((byte)' ').Append(Ipv4Address.Read(b[at..]));
                }
                _out.Append(" }"u8);
            }
            else
            {
                _out.Append(", "u8).Append(sources).Append(" source(s)"u8);
            }
        }
        _out.Append((byte)']');
        return true;
    }

    private bool PrintIgmpV3Report(ReadOnlySpan<byte> b, int length)
    {
        if (length < 16 || (length & 3) != 0)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        return GroupRecordText.Print(_out, _verbosity, b, length, GroupRecordText.Ipv4AddressLength, " [v3-report-#"u8);
    }

    // DVMRP (draft-ietf-idmr-dvmrp) carried in IGMP type 0x13, printed after "igmp dvmrp".
    private const int DvmrpTunnel = 0x01, DvmrpSourceRoute = 0x02, DvmrpDown = 0x10, DvmrpDisabled = 0x20, DvmrpQuerier = 0x40;

    /// <summary>Prints what follows "igmp dvmrp"; false when the capture ends first.</summary>
    private bool PrintDvmrp(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < 2) return true;
        int code = b[1];
        // tcpdump's unsigned arithmetic: a message shorter than the IGMP header leaves "everything" to read.
        int remaining = length >= 8 ? length - 8 : int.MaxValue;
        ReadOnlySpan<byte> body = b.Length > 8 ? b[8..] : default;
        switch (code)
        {
            case 1:
                _out.Append(" Probe"u8);
                return _verbosity == 0 || PrintDvmrpProbe(body, remaining);
            case 2:
                _out.Append(" Report"u8);
                return true;
            case 3:
                _out.Append(" Ask-neighbors(old)"u8);
                return true;
            case 4:
                _out.Append(" Neighbors(old)"u8);
                return PrintDvmrpNeighbors(body, remaining);
            case 5:
                _out.Append(" Ask-neighbors2"u8);
                return true;
            case 6:
                _out.Append(" Neighbors2"u8);
                if (b.Length < 8) return false;
                return PrintDvmrpNeighbors2(body, remaining, b[7], b[6]);
            case 7:
                _out.Append(" Prune"u8);
                if (body.Length < 8) return false;
                _out.Append(" src "u8).Append(Ipv4Address.Read(body)).Append(" grp "u8).Append(Ipv4Address.Read(body[4..]))
                    .Append(" timer "u8);
                if (body.Length < 12) return false;
                TcpdumpText.AppendRelativeTime(_out, BinaryPrimitives.ReadUInt32BigEndian(body[8..]));
                return true;
            case 8:
            case 9:
                _out.Append(code == 8 ? " Graft"u8 : " Graft-ACK"u8);
                if (body.Length < 8) return false;
                _out.Append(" src "u8).Append(Ipv4Address.Read(body)).Append(" grp "u8).Append(Ipv4Address.Read(body[4..]));
                return true;
            default:
                _out.Append(" [type "u8).Append(code).Append((byte)']');
                return true;
        }
    }

    private bool PrintDvmrpProbe(ReadOnlySpan<byte> body, int remaining)
    {
        if (remaining < 4)
        {
            _out.Append(" [full length "u8).Append(remaining).Append(" < 4] (invalid)"u8);
            return true;
        }
        if (body.Length < 4) return false;
        _out.Append(_verbosity > 1 ? "\n\tgenid "u8 : " genid "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(body));
        if (_verbosity < 2) return true;
        int at = 4;
        remaining -= 4;
        while (remaining > 0)
        {
            if (remaining < 4)
            {
                _out.Append("[remaining length "u8).Append(remaining).Append(" < 4] (invalid)"u8);
                return true;
            }
            if (at + 4 > body.Length) return false;
            _out.Append("\n\tneighbor "u8).Append(Ipv4Address.Read(body[at..]));
            at += 4;
            remaining -= 4;
        }
        return true;
    }

    /// <summary>Old-style neighbour list: local address, metric, threshold, then the neighbours.</summary>
    private bool PrintDvmrpNeighbors(ReadOnlySpan<byte> body, int remaining)
    {
        int at = 0;
        while (remaining > 0 && at < body.Length)
        {
            if (at + 7 > body.Length) return false;
            Ipv4Address local = Ipv4Address.Read(body[at..]);
            int metric = body[at + 4], threshold = body[at + 5], count = body[at + 6];
            at += 7;
            remaining -= 7;
            for (; count > 0; count--)
            {
                if (at + 4 > body.Length) return false;
                _out.Append(" ["u8).Append(local).Append(" -> "u8).Append(Ipv4Address.Read(body[at..]))
                    .Append(", ("u8).Append(metric).Append((byte)'/').Append(threshold).Append(")]"u8);
                at += 4;
                remaining -= 4;
            }
        }
        return true;
    }

    /// <summary>Neighbour list with flags (DVMRP 3.255 and later); the version comes from the IGMP group field.</summary>
    private bool PrintDvmrpNeighbors2(ReadOnlySpan<byte> body, int remaining, byte major, byte minor)
    {
        _out.Append(" (v "u8).Append((int)major).Append((byte)'.').Append((int)minor).Append("):"u8);
        int at = 0;
        while (remaining > 0)
        {
            if (at + 8 > body.Length) return false;
            Ipv4Address local = Ipv4Address.Read(body[at..]);
            int metric = body[at + 4], threshold = body[at + 5], flags = body[at + 6], count = body[at + 7];
            at += 8;
            remaining -= 8;
            for (; count > 0 && remaining > 0; count--)
            {
                if (at + 4 > body.Length) return false;
                _out.Append(" ["u8).Append(local).Append(" -> "u8).Append(Ipv4Address.Read(body[at..]))
                    .Append(" ("u8).Append(metric).Append((byte)'/').Append(threshold);
                if ((flags & DvmrpTunnel) != 0) _out.Append("/tunnel"u8);
                if ((flags & DvmrpSourceRoute) != 0) _out.Append("/srcrt"u8);
                if ((flags & DvmrpQuerier) != 0) _out.Append("/querier"u8);
                if ((flags & DvmrpDisabled) != 0) _out.Append("/disabled"u8);
                if ((flags & DvmrpDown) != 0) _out.Append("/down"u8);
                _out.Append(")]"u8);
                at += 4;
                remaining -= 4;
            }
            if (count != 0)
            {
                _out.Append(" [invalid ncount] (invalid)"u8);
                return true;
            }
        }
        return true;
    }

    // PIM version 1, carried in IGMP type 0x14: the message type and its addresses.
    private bool PrintPimV1(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < 2) return false;
        int type = b[1];
        ReadOnlySpan<byte> name = type switch
        {
            0 => "Query"u8, 1 => "Register"u8, 2 => "Register-Stop"u8, 3 => "Join/Prune"u8, 4 => "RP-reachable"u8,
            5 => "Assert"u8, 6 => "Graft"u8, 7 => "Graft-ACK"u8, _ => default,
        };
        _out.Append((byte)' ');
        if (name.IsEmpty) _out.Append("[type "u8).Append(type).Append((byte)']');
        else _out.Append(name);
        bool verbose = _verbosity > 0;
        switch (type)
        {
            case 0:
                if (b.Length > 8)
                {
                    int mode = b[8] >> 4;
                    ReadOnlySpan<byte> modeName = mode switch { 0 => " Dense-mode"u8, 1 => " Sparse-mode"u8, 2 => " Sparse-Dense-mode"u8, _ => default };
                    if (modeName.IsEmpty) _out.Append(" mode-"u8).Append(mode);
                    else _out.Append(modeName);
                }
                if (verbose)
                {
                    _out.Append(" (Hold-time "u8);
                    if (b.Length < 12) return false;
                    TcpdumpText.AppendRelativeTime(_out, BinaryPrimitives.ReadUInt16BigEndian(b[10..]));
                    _out.Append((byte)')');
                }
                break;
            case 1:
                if (b.Length < 28) return false;
                _out.Append(" for "u8).Append(Ipv4Address.Read(b[20..])).Append(" > "u8).Append(Ipv4Address.Read(b[24..]));
                break;
            case 2:
                if (b.Length < 16) return false;
                _out.Append(" for "u8).Append(Ipv4Address.Read(b[8..])).Append(" > "u8).Append(Ipv4Address.Read(b[12..]));
                break;
            case 4:
                if (!verbose) break;
                if (b.Length < 12) return false;
                _out.Append(" group "u8).Append(Ipv4Address.Read(b[8..]));
                if (b.Length < 16) return false;
                if (BinaryPrimitives.ReadUInt32BigEndian(b[12..]) != uint.MaxValue) _out.Append((byte)'/').Append(Ipv4Address.Read(b[12..]));
                if (b.Length < 20) return false;
                _out.Append(" RP "u8).Append(Ipv4Address.Read(b[16..])).Append(" hold "u8);
                if (b.Length < 24) return false;
                TcpdumpText.AppendRelativeTime(_out, BinaryPrimitives.ReadUInt16BigEndian(b[22..]));
                break;
            case 5:
            {
                if (b.Length < 28) return false;
                _out.Append(" for "u8).Append(Ipv4Address.Read(b[16..])).Append(" > "u8).Append(Ipv4Address.Read(b[8..]));
                if (BinaryPrimitives.ReadUInt32BigEndian(b[12..]) != uint.MaxValue) _out.Append((byte)'/').Append(Ipv4Address.Read(b[12..]));
                uint preference = BinaryPrimitives.ReadUInt32BigEndian(b[20..]);
                _out.Append((preference & 0x80000000) != 0 ? " RP-tree pref "u8 : " SPT pref "u8).Append(preference & 0x7FFFFFFF)
                    .Append(" metric "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[24..]));
                break;
            }
            case 3:
            case 6:
            case 7:
                if (!verbose) break;
                // The upstream neighbour and hold time; the group lists of -vv are not decoded.
                if (length < 8 || b.Length < 12) return false;
                _out.Append(" Upstream Nbr: "u8).Append(Ipv4Address.Read(b[8..]));
                if (_verbosity > 1) _out.Append((byte)'\n');
                _out.Append(" Hold time: "u8);
                if (b.Length < 16) return false;
                TcpdumpText.AppendRelativeTime(_out, BinaryPrimitives.ReadUInt16BigEndian(b[14..]));
                break;
        }
        if (b.Length < 5) return false;
        if (b[4] >> 4 != 1) _out.Append(" [v"u8).Append(b[4] >> 4).Append((byte)']');
        return true;
    }
}
