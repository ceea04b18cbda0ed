using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Icmp;

namespace SockScope.Wire.Formatting;

// ICMPv6 as tcpdump 4.99 prints it: "ICMP6, <type>...", neighbour discovery options on continuation
// lines on -v, MLD, router renumbering, node information and RPL. The state the printer reads
// (output, verbosity) travels in this value rather than in printer fields, so Icmpv6Printer runs on
// its own (it prints the checksum verdict that comes first, and the length or cut that comes last).
internal readonly partial struct Icmpv6MessageWriter(Utf8Builder output, int verbosity, bool numericPorts)
{
    private readonly Utf8Builder _out = output;
    private readonly int _verbosity = verbosity;

    /// <summary>What follows the message's text: ", length N" (without -v), nothing, or the cut mark.</summary>
    public enum Icmp6Outcome { AppendLength, Finished, Truncated }

    /// <summary>The message after "IP6 a > b: " and the -v checksum verdict; says what the caller appends.</summary>
    public Icmp6Outcome PrintMessage(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < 1) return Icmp6Outcome.Truncated;
        int type = b[0];
        int verbosity = _verbosity;
        _out.Append("ICMP6, "u8);
        ReadOnlySpan<byte> name = Icmp6TypeName(type);
        if (name.IsEmpty) _out.Append("unknown icmp6 type ("u8).Append(type).Append((byte)')');
        else _out.Append(name);
        if (verbosity > 0 && type is 133 or 134 or 135 or 136 or 137 or 145 or 147)
            _out.Append(", length "u8).Append(length);
        if (b.Length < 2) return Icmp6Outcome.Truncated;
        int code = b[1];
        const int quoted = Icmpv6Offsets.HeaderLength;

        switch ((Icmpv6Type)type)
        {
            case Icmpv6Type.DestinationUnreachable:
            {
                _out.Append(", "u8);
                ReadOnlySpan<byte> reason = code switch
                {
                    0 => "unreachable route"u8, 1 => " unreachable prohibited"u8, 2 => "beyond scope"u8,
                    3 => "unreachable address"u8, 4 => "unreachable port"u8, _ => default,
                };
                if (reason.IsEmpty) _out.Append("unknown unreach code ("u8).Append(code).Append((byte)')');
                else _out.Append(reason);
                switch (code)
                {
                    case 0: case 1: case 3:
                        if (b.Length < quoted + 40) return Icmp6Outcome.Truncated;
                        _out.Append((byte)' ').Append(Ipv6Address.Read(b[(quoted + 24)..]));
                        break;
                    case 2:
                        if (b.Length < quoted + 40) return Icmp6Outcome.Truncated;
                        _out.Append((byte)' ').Append(Ipv6Address.Read(b[(quoted + 24)..]))
                            .Append(", source address "u8).Append(Ipv6Address.Read(b[(quoted + 8)..]));
                        break;
                    case 4:
                    {
                        if (b.Length < quoted + 40) return Icmp6Outcome.Truncated;
                        int transport = FindQuotedTransport(b[quoted..], out int protocol);
                        if (transport < 0) return Icmp6Outcome.Truncated;
                        int port = BinaryPrimitives.ReadUInt16BigEndian(b[(quoted + transport + 2)..]);
                        _out.Append(", "u8).Append(Ipv6Address.Read(b[(quoted + 24)..]));
                        if (protocol is 6 or 17)
                        {
                            _out.Append(protocol == 6 ? " tcp port "u8 : " udp port "u8);
                            TcpdumpText.AppendPort(_out, port, tcp: protocol == 6, numericPorts);
                        }
                        else _out.Append(" protocol "u8).Append(protocol).Append(" port "u8).Append(port).Append(" unreachable"u8);
                        break;
                    }
                    default:
                        if (verbosity <= 1)
                        {
                            TcpdumpText.AppendHexLines(_out, b[..Math.Min(length, b.Length)], "\n\t"u8);
                            return Icmp6Outcome.Finished;
                        }
                        break;
                }
                return Icmp6Outcome.AppendLength;
            }
            case Icmpv6Type.PacketTooBig:
                if (b.Length < 8) return Icmp6Outcome.Truncated;
                _out.Append(", mtu "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[4..]));
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.TimeExceeded:
                switch (code)
                {
                    case 0:
                        if (b.Length < quoted + 40) return Icmp6Outcome.Truncated;
                        _out.Append(" for "u8).Append(Ipv6Address.Read(b[(quoted + 24)..]));
                        break;
                    case 1:
                        _out.Append(" (reassembly)"u8);
                        break;
                    default:
                        _out.Append(", unknown code ("u8).Append(code).Append((byte)')');
                        break;
                }
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.ParameterProblem:
            {
                if (b.Length < quoted + 40) return Icmp6Outcome.Truncated;
                ReadOnlySpan<byte> what = code switch
                {
                    0 => ", erroneous - octet "u8, 1 => ", next header - octet "u8, 2 => ", option - octet "u8,
                    3 => ", incomplete header chain - octet "u8, _ => default,
                };
                if (what.IsEmpty) _out.Append(", code-#"u8).Append(code);
                else _out.Append(what).Append(BinaryPrimitives.ReadUInt32BigEndian(b[4..]));
                return Icmp6Outcome.AppendLength;
            }
            case Icmpv6Type.EchoRequest:
            case Icmpv6Type.EchoReply:
                if (b.Length < 8) return Icmp6Outcome.Truncated;
                _out.Append(", id "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(", seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..]));
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.MulticastListenerQuery:
                if (length == Icmpv6Offsets.MldLength) PrintMld(b);
                else if (length >= Icmpv6Offsets.MldV2QueryLength)
                {
                    _out.Append(" v2"u8);
                    if (!PrintMldV2Query(b, length)) return Icmp6Outcome.Truncated;
                }
                else _out.Append(" unknown-version (len "u8).Append(length).Append(") "u8);
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.MulticastListenerReport:
            case Icmpv6Type.MulticastListenerDone:
                PrintMld(b);
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.RouterSolicitation:
                if (verbosity > 0 && !PrintNdOptions(b, Icmpv6Offsets.RouterSolicitationOptions, length)) return Icmp6Outcome.Truncated;
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.RouterAdvertisement:
                if (verbosity > 0)
                {
                    if (b.Length < 16) return Icmp6Outcome.Truncated;
                    int flags = b[5];
                    _out.Append("\n\thop limit "u8).Append((int)b[4]).Append(", Flags ["u8);
                    AppendRouterAdvertisementFlags(flags);
                    _out.Append("], pref "u8).Append(RoutePreference(flags))
                        .Append(", router lifetime "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..]))
                        .Append("s, reachable time "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[8..]))
                        .Append("ms, retrans timer "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[12..])).Append("ms"u8);
                    if (!PrintNdOptions(b, Icmpv6Offsets.RouterAdvertisementOptions, length)) return Icmp6Outcome.Truncated;
                }
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.NeighborSolicitation:
                if (b.Length < 24) return Icmp6Outcome.Truncated;
                _out.Append(", who has "u8).Append(Ipv6Address.Read(b[8..]));
                if (verbosity > 0 && !PrintNdOptions(b, Icmpv6Offsets.NeighborOptions, length)) return Icmp6Outcome.Truncated;
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.NeighborAdvertisement:
                if (b.Length < 24) return Icmp6Outcome.Truncated;
                _out.Append(", tgt is "u8).Append(Ipv6Address.Read(b[8..]));
                if (verbosity > 0)
                {
                    uint flags = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
                    _out.Append(", Flags ["u8);
                    bool any = false;
                    if ((flags & 0x80000000) != 0) { _out.Append("router"u8); any = true; }
                    if ((flags & 0x40000000) != 0) { _out.Append(any ? ", solicited"u8 : "solicited"u8); any = true; }
                    if ((flags & 0x20000000) != 0) { _out.Append(any ? ", override"u8 : "override"u8); any = true; }
                    if (!any) _out.Append("none"u8);
                    _out.Append((byte)']');
                    if (!PrintNdOptions(b, Icmpv6Offsets.NeighborOptions, length)) return Icmp6Outcome.Truncated;
                }
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.Redirect:
                if (b.Length < 40) return Icmp6Outcome.Truncated;
                _out.Append(", "u8).Append(Ipv6Address.Read(b[24..])).Append(" to "u8).Append(Ipv6Address.Read(b[8..]));
                if (verbosity > 0 && !PrintNdOptions(b, Icmpv6Offsets.RedirectOptions, length)) return Icmp6Outcome.Truncated;
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.RouterRenumbering:
                return PrintRouterRenumbering(b) ? Icmp6Outcome.AppendLength : Icmp6Outcome.Truncated;
            case Icmpv6Type.NodeInformationQuery:
            case Icmpv6Type.NodeInformationReply:
                return PrintNodeInformation(b, length) ? Icmp6Outcome.AppendLength : Icmp6Outcome.Truncated;
            case Icmpv6Type.InverseNeighborSolicitation:
            case Icmpv6Type.InverseNeighborAdvertisement:
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.MulticastListenerReportV2:
                return PrintMldV2Report(b, length) ? Icmp6Outcome.AppendLength : Icmp6Outcome.Truncated;
            case Icmpv6Type.MobilePrefixSolicitation:
            case Icmpv6Type.HomeAgentDiscoveryRequest:
                if (b.Length < 6) return Icmp6Outcome.Truncated;
                _out.Append(", id 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(b[4..]), 4);
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.HomeAgentDiscoveryReply:
                if (verbosity > 0)
                {
                    if (b.Length < 6) return Icmp6Outcome.Truncated;
                    _out.Append(", id 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(b[4..]), 4);
                    for (int at = 8; at < length; at += 16)
                    {
                        if (at + 16 > b.Length) return Icmp6Outcome.Truncated;
                        _out.Append(", "u8).Append(Ipv6Address.Read(b[at..]));
                    }
                }
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.MobilePrefixAdvertisement:
                if (verbosity > 0)
                {
                    if (b.Length < 6) return Icmp6Outcome.Truncated;
                    _out.Append(", id 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(b[4..]), 4);
                    if (b.Length < 8) return Icmp6Outcome.Truncated;
                    int flags = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
                    if ((flags & 0xC000) != 0) _out.Append((byte)' ');
                    if ((flags & 0x8000) != 0) _out.Append((byte)'M');
                    if ((flags & 0x4000) != 0) _out.Append((byte)'O');
                    if (!PrintNdOptions(b, 8, length)) return Icmp6Outcome.Truncated;
                }
                return Icmp6Outcome.AppendLength;
            case Icmpv6Type.Rpl:
                return PrintRpl(b, code, length) ? Icmp6Outcome.AppendLength : Icmp6Outcome.Truncated;
            default:
                _out.Append(", length "u8).Append(length);
                if (verbosity <= 1) TcpdumpText.AppendHexLines(_out, b[..Math.Min(length, b.Length)], "\n\t"u8);
                return Icmp6Outcome.Finished;
        }
    }

    private static ReadOnlySpan<byte> Icmp6TypeName(int type) => type switch
    {
        1 => "destination unreachable"u8,
        2 => "packet too big"u8,
        3 => "time exceeded in-transit"u8,
        4 => "parameter problem"u8,
        128 => "echo request"u8,
        129 => "echo reply"u8,
        130 => "multicast listener query"u8,
        131 => "multicast listener report"u8,
        132 => "multicast listener done"u8,
        133 => "router solicitation"u8,
        134 => "router advertisement"u8,
        135 => "neighbor solicitation"u8,
        136 => "neighbor advertisement"u8,
        137 => "redirect"u8,
        138 => "router renumbering"u8,
        139 => "who-are-you request"u8,
        140 => "who-are-you reply"u8,
        141 => "inverse neighbor solicitation"u8,
        142 => "inverse neighbor advertisement"u8,
        143 => "multicast listener report v2"u8,
        144 => "ha discovery request"u8,
        145 => "ha discovery reply"u8,
        146 => "mobile router solicitation"u8,
        147 => "mobile router advertisement"u8,
        155 => "RPL"u8,
        200 => "mtrace response"u8,
        201 => "mtrace message"u8,
        _ => default,
    };

    /// <summary>Walks the quoted IPv6 header chain to the TCP or UDP header; returns its offset, or -1.</summary>
    private static int FindQuotedTransport(ReadOnlySpan<byte> quoted, out int protocol)
    {
        protocol = 0;
        if (quoted.Length < 7) return -1;
        int next = quoted[6];
        int at = 0;
        int headerLength = 40;
        // Each step moves forward by at least 8 bytes, so the walk ends at the capture's end.
        while (at < quoted.Length)
        {
            at += headerLength;
            switch (next)
            {
                case 6:
                case 17:
                    protocol = next;
                    return at + 4 <= quoted.Length ? at : -1;
                case 0: case 60: case 43:
                    if (at + 2 > quoted.Length) return -1;
                    next = quoted[at];
                    headerLength = (quoted[at + 1] + 1) << 3;
                    break;
                case 44:
                    if (at + 4 > quoted.Length) return -1;
                    if ((BinaryPrimitives.ReadUInt16BigEndian(quoted[(at + 2)..]) & 0xFFF8) != 0) return -1;
                    next = quoted[at];
                    headerLength = 8;
                    break;
                case 51:
                    if (at + 2 > quoted.Length) return -1;
                    next = quoted[at];
                    headerLength = (quoted[at + 1] + 2) << 2;
                    break;
                default:
                    protocol = next;
                    return -1;
            }
        }
        return -1;
    }

    /// <summary>MLDv1 (RFC 2710): printed right after the type name, nothing when the message is short.</summary>
    private void PrintMld(ReadOnlySpan<byte> b)
    {
        if (b.Length < Icmpv6Offsets.MldLength) return;
        _out.Append("max resp delay: "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
            .Append(" addr: "u8).Append(Ipv6Address.Read(b[8..]));
    }

    private bool PrintMldV2Query(ReadOnlySpan<byte> b, int length)
    {
        if (length < Icmpv6Offsets.MldV2QueryLength)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        if (b.Length < 6) return false;
        int code = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
        int delay = code < 32768 ? code : ((code & 0x0FFF) | 0x1000) << (((code & 0x7000) >> 12) + 3);
        if (_verbosity > 0) _out.Append(" [max resp delay="u8).Append(delay).Append((byte)']');
        if (b.Length < 24) return false;
        _out.Append(" [gaddr "u8).Append(Ipv6Address.Read(b[8..]));
        if (_verbosity > 0)
        {
            if (b.Length < 26) return false;
            if ((b[24] & 0x08) != 0) _out.Append(" sflag"u8);
            if ((b[24] & 0x07) != 0) _out.Append(" robustness="u8).Append(b[24] & 0x07);
            int qqic = b[25];
            int qqi = qqic < 128 ? qqic : ((qqic & 0x0F) | 0x10) << (((qqic & 0x70) >> 4) + 3);
            _out.Append(" qqi="u8).Append(qqi);
        }
        if (b.Length < 28) return false;
        int sources = BinaryPrimitives.ReadUInt16BigEndian(b[26..]);
        if (sources > 0)
        {
            if (length < 28 + sources * 16) _out.Append(" [invalid number of sources]"u8);
            else if (_verbosity > 1)
            {
                _out.Append(" {"u8);
                for (int i = 0; i < sources; i++)
                {
                    int at = 28 + i * 16;
                    if (at + 16 > b.Length) return false;
                    _out.Append((byte)' ').Append(Ipv6Address.Read(b[at..]));
                }
                _out.Append(" }"u8);
            }
            else _out.Append(", "u8).Append(sources).Append(" source(s)"u8);
        }
        _out.Append((byte)']');
        return true;
    }

    private bool PrintMldV2Report(ReadOnlySpan<byte> b, int length)
    {
        if (length < 8)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        return GroupRecordText.Print(_out, _verbosity, b, length, GroupRecordText.Ipv6AddressLength, " [v2-report-#"u8);
    }

    private void AppendRouterAdvertisementFlags(int flags)
    {
        bool any = false;
        static void Flag(Utf8Builder output, ReadOnlySpan<byte> name, ref bool first)
        {
            if (first) output.Append(", "u8);
            output.Append(name);
            first = true;
        }
        if ((flags & 0x80) != 0) Flag(_out, "managed"u8, ref any);
        if ((flags & 0x40) != 0) Flag(_out, "other stateful"u8, ref any);
        if ((flags & 0x20) != 0) Flag(_out, "home agent"u8, ref any);
        if ((flags & 0x02) != 0) Flag(_out, "ipv6 only"u8, ref any);
        if (!any) _out.Append("none"u8);
    }

    /// <summary>Default router / route preference (RFC 4191), from bits 3-4 of the flags byte.</summary>
    private static ReadOnlySpan<byte> RoutePreference(int flags) => ((flags >> 3) & 3) switch
    {
        0 => "medium"u8, 1 => "high"u8, 2 => "rsv"u8, _ => "low"u8,
    };

    private void AppendLifetime(uint seconds)
    {
        if (seconds == uint.MaxValue) _out.Append("infinity"u8);
        else _out.Append(seconds).Append((byte)'s');
    }

    /// <summary>Neighbour-discovery options on -v, one per line; false when the capture ends inside one.</summary>
    private bool PrintNdOptions(ReadOnlySpan<byte> message, int start, int length)
    {
        if (start > message.Length) return true;
        ReadOnlySpan<byte> region = message[start..];
        int remaining = length - start;
        int at = 0;
        while (at < region.Length)
        {
            if (at + 2 > region.Length) return false;
            if (remaining <= 0) return true;
            int type = region[at];
            int units = region[at + 1];
            if (units == 0) return false;
            int size = units << 3;
            if (at + size > region.Length) return false;
            ReadOnlySpan<byte> name = type switch
            {
                1 => "source link-address"u8, 2 => "destination link-address"u8, 3 => "prefix info"u8,
                4 => "redirected header"u8, 5 => "mtu"u8, 7 => "advertisement interval"u8,
                8 => "homeagent information"u8, 24 => "route info"u8, 25 => "rdnss"u8, 31 => "dnssl"u8,
                _ => "unknown"u8,
            };
            _out.Append("\n\t  "u8).Append(name).Append(" option ("u8).Append(type).Append("), length "u8)
                .Append(size).Append(" ("u8).Append(units).Append("): "u8);
            ReadOnlySpan<byte> option = region.Slice(at, size);
            switch ((NdOptionType)type)
            {
                case NdOptionType.SourceLinkLayerAddress:
                case NdOptionType.TargetLinkLayerAddress:
                    for (int i = 2; i < size; i++)
                    {
                        if (i > 2) _out.Append((byte)':');
                        _out.AppendHex(option[i], 2);
                    }
                    break;
                case NdOptionType.PrefixInformation:
                {
                    if (at + 32 > region.Length) return false;
                    ReadOnlySpan<byte> p = region[at..];
                    _out.Append(Ipv6Address.Read(p[16..])).Append((byte)'/').Append((int)p[2]);
                    if (units != 4) _out.Append("badlen"u8);
                    _out.Append(", Flags ["u8);
                    int flags = p[3];
                    bool any = false;
                    if ((flags & 0x80) != 0) { _out.Append("onlink"u8); any = true; }
                    if ((flags & 0x40) != 0) { _out.Append(any ? ", auto"u8 : "auto"u8); any = true; }
                    if ((flags & 0x20) != 0) { _out.Append(any ? ", router"u8 : "router"u8); any = true; }
                    if (!any) _out.Append("none"u8);
                    _out.Append("], valid time "u8);
                    AppendLifetime(BinaryPrimitives.ReadUInt32BigEndian(p[4..]));
                    _out.Append(", pref. time "u8);
                    AppendLifetime(BinaryPrimitives.ReadUInt32BigEndian(p[8..]));
                    break;
                }
                case NdOptionType.RedirectedHeader:
                    TcpdumpText.AppendHexLines(_out, region[..Math.Min(size, region.Length)], "\n\t    "u8);
                    break;
                case NdOptionType.Mtu:
                    if (at + 8 > region.Length) return false;
                    _out.Append((byte)' ').Append(BinaryPrimitives.ReadUInt32BigEndian(option[4..]));
                    if (units != 1) _out.Append("bad option length"u8);
                    break;
                case NdOptionType.RecursiveDnsServer:
                {
                    _out.Append(" lifetime "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(option[4..])).Append("s,"u8);
                    int servers = (units - 1) / 2;
                    for (int i = 0; i < servers; i++)
                    {
                        int address = at + 8 + i * 16;
                        if (address + 16 > region.Length) return false;
                        _out.Append(" addr: "u8).Append(Ipv6Address.Read(region[address..]));
                    }
                    break;
                }
                case NdOptionType.DnsSearchList:
                {
                    _out.Append(" lifetime "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(option[4..])).Append("s, domain(s):"u8);
                    int domain = at + 8;
                    while (domain < at + size && domain < region.Length && region[domain] != 0)
                    {
                        _out.Append((byte)' ');
                        if ((domain = DnsNames.Print(_out, region, domain)) < 0) return false;
                    }
                    if (domain >= region.Length && domain < at + size) return false;
                    break;
                }
                case NdOptionType.AdvertisementInterval:
                    _out.Append((byte)' ').Append(BinaryPrimitives.ReadUInt32BigEndian(option[4..])).Append("ms"u8);
                    break;
                case NdOptionType.HomeAgentInformation:
                    _out.Append(" preference "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(option[4..]))
                        .Append(", lifetime "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(option[6..]));
                    break;
                case NdOptionType.RouteInformation:
                {
                    Span<byte> prefix = stackalloc byte[16];
                    prefix.Clear();
                    switch (units)
                    {
                        case 1: break;
                        case 2: option.Slice(8, 8).CopyTo(prefix); break;
                        case 3: option.Slice(8, 16).CopyTo(prefix); break;
                        default: return false;
                    }
                    _out.Append((byte)' ').Append(Ipv6Address.Read(prefix)).Append((byte)'/').Append((int)option[2])
                        .Append(", pref="u8).Append(RoutePreference(option[3])).Append(", lifetime="u8);
                    AppendLifetime(BinaryPrimitives.ReadUInt32BigEndian(option[4..]));
                    break;
                }
                default:
                    if (_verbosity <= 1)
                    {
                        TcpdumpText.AppendHexLines(_out, option[2..], "\n\t  "u8);
                        return true;
                    }
                    break;
            }
            if (_verbosity > 1) TcpdumpText.AppendHexLines(_out, option[2..], "\n\t    "u8);
            at += size;
            remaining -= size;
        }
        return true;
    }
}
