using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;
using SockScope.Wire.Decoding;

namespace SockScope.Wire.Formatting;

// IPv4 as tcpdump 4.99 prints it: "IP " (unless -e), the -v parenthesis with its checksum
// check, then the addresses and the protocol printer, or "ip-proto-N" for later fragments.
public sealed partial class TcpdumpPrinter
{
    /// <summary>IP headers in one packet (tunnels: IP in IP, IPv6 in IPv4, IP in GRE); the decoder follows as many.</summary>
    private const int MaxIpDepth = PacketDecoder.MaxIpHeaders;
    private int _ipDepth;

    private void PrintIpv4(ReadOnlySpan<byte> b, long length)
    {
        if (b.Length < 1)
        {
            // tcpdump gives up on the whole packet here (its -x dump then starts at the first byte).
            _out.Append(" [|ip]"u8);
            _linkHeaderLengthLost = true;
            return;
        }
        int version = b[Ipv4Offsets.VersionAndHeaderLength] >> 4;
        if (version != 4)
        {
            if (version == 6) _out.Append("IP6, wrong link-layer encapsulation"u8);
            else _out.Append("IP"u8).Append(version);
            _out.Append(" (invalid)"u8);
            return;
        }
        if (!_options.LinkHeader) _out.Append("IP "u8);
        if (b.Length < Ipv4Offsets.MinHeaderLength)
        {
            _out.Append(" [|ip]"u8);
            return;
        }
        // The printer checks the lengths itself: tcpdump prints a bad header length or total length.
        Ipv4Packet packet = Ipv4Packet.FromCheckedFixedHeader(b);
        int headerLength = packet.HeaderLength;
        if (headerLength < Ipv4Offsets.MinHeaderLength)
        {
            _out.Append("bad-hlen "u8).Append(headerLength);
            return;
        }
        int totalLength = packet.TotalLength;
        int len = totalLength;
        if (len > length)
        {
            _out.Append("truncated-ip - "u8).Append(len - length).Append(" bytes missing! "u8);
            len = (int)length;
        }
        if (len < headerLength)
        {
            _out.Append("bad-len "u8).Append(len);
            return;
        }
        // Bytes past the total length (Ethernet padding) are not part of the datagram.
        ReadOnlySpan<byte> ip = b[..Math.Min(len, b.Length)];
        IpProtocol protocol = packet.Protocol;
        Ipv4Address source = packet.Source;
        Ipv4Address destination = packet.Destination;
        ushort flagsAndOffset = packet.FlagsAndFragmentOffset;

        if (_options.Verbosity > 0 && !PrintIpv4Verbose(packet, headerLength, headerLength <= ip.Length, totalLength, flagsAndOffset, protocol))
        {
            // An option ran past the captured bytes: tcpdump shows the addresses and stops.
            _out.Append(source).Append(" > "u8).Append(destination).Append(": "u8).Append(" [|ip]"u8);
            return;
        }

        if ((flagsAndOffset & Ipv4Offsets.FragmentOffsetMask) == 0)
        {
            // These print the addresses themselves, with the ports.
            if (!protocol.StartsWithPorts()) _out.Append(source).Append(" > "u8).Append(destination).Append(": "u8);
            if (ip.Length < headerLength)
            {
                _out.Append(" [remaining caplen("u8).Append(ip.Length).Append(") < header length("u8).Append(headerLength).Append(")]"u8);
                return;
            }
            bool fragmented = (flagsAndOffset & Ipv4Offsets.MoreFragmentsFlag) != 0;
            // Only the first piece of a datagram gets here, so IsLaterFragment carries tcpdump's
            // "fragmented" meaning: the message is incomplete and its checksum cannot be checked.
            // What follows is as long as the header claims, also when the frame was shorter
            // ("truncated-ip"): tcpdump prints that length, and the checksums that need the
            // missing bytes are not checked.
            int payloadLength = totalLength - headerLength;
            var info = new IpInfo(false, source, destination, default, default, protocol, payloadLength,
                fragmented, packet.TimeToLive);
            PrintIpPayload(ip[headerLength..], info, payloadLength, fragmented, directlyAfterIpHeader: true);
        }
        else
        {
            _out.Append(source).Append(" > "u8).Append(destination).Append(':');
            ReadOnlySpan<byte> name = _options.NumericPorts ? default : TcpdumpNames.NetdbProtocol((int)protocol);
            if (name.IsEmpty) _out.Append(" ip-proto-"u8).Append((int)protocol);
            else _out.Append(' ').Append(name);
        }
    }

    /// <summary>
    /// The -v parenthesis; false when the options were cut off by the capture.
    /// <paramref name="headerInDatagram"/>: the whole header is captured and within the total length, so its checksum is checked.
    /// </summary>
    private bool PrintIpv4Verbose(Ipv4Packet packet, int headerLength, bool headerInDatagram, int totalLength, ushort flagsAndOffset, IpProtocol protocol)
    {
        bool complete = true;
        byte tos = packet.TypeOfService;
        _out.Append("(tos 0x"u8).AppendHex(tos);
        switch (tos & 3)
        {
            case 1: _out.Append(",ECT(1)"u8); break;
            case 2: _out.Append(",ECT(0)"u8); break;
            case 3: _out.Append(",CE"u8); break;
        }
        byte ttl = packet.TimeToLive;
        if (ttl >= 1) _out.Append(", ttl "u8).Append((int)ttl);
        _out.Append(", id "u8).Append(packet.Identification)
            .Append(", offset "u8).Append((flagsAndOffset & Ipv4Offsets.FragmentOffsetMask) * 8)
            .Append(", flags ["u8);
        int flags = 0;
        if ((flagsAndOffset & Ipv4Offsets.MoreFragmentsFlag) != 0) AppendFlag(ref flags, "+"u8);
        if ((flagsAndOffset & Ipv4Offsets.DontFragmentFlag) != 0) AppendFlag(ref flags, "DF"u8);
        if ((flagsAndOffset & Ipv4Offsets.ReservedFlag) != 0) AppendFlag(ref flags, "rsvd"u8);
        if (flags == 0) _out.Append("none"u8);
        _out.Append("], proto "u8);
        ReadOnlySpan<byte> name = TcpdumpNames.IpProtocol((int)protocol);
        _out.Append(name.IsEmpty ? "unknown"u8 : name).Append(" ("u8).Append((int)protocol).Append(')')
            .Append(", length "u8).Append(totalLength);
        if (headerLength > Ipv4Offsets.MinHeaderLength)
        {
            _out.Append(", options ("u8);
            // Read in place: the options may be cut short by the capture, which the view refuses.
            ReadOnlySpan<byte> b = packet.Bytes;
            ReadOnlySpan<byte> options = b[Ipv4Offsets.Options..Math.Min(headerLength, b.Length)];
            if (!PrintIpv4Options(options, headerLength - Ipv4Offsets.MinHeaderLength))
            {
                _out.Append(" [truncated-option]"u8);
                complete = false;
            }
            _out.Append(')');
        }
        if (headerInDatagram && _options.VerifyChecksums && !packet.IsHeaderChecksumValid)
        {
            _out.Append(", bad cksum "u8).AppendHex(packet.HeaderChecksum).Append(" (->"u8).AppendHex(packet.ComputeHeaderChecksum()).Append(")!"u8);
        }
        _out.Append(")\n    "u8);
        return complete;
    }

    private void AppendFlag(ref int count, ReadOnlySpan<byte> name)
    {
        if (count++ > 0) _out.Append(", "u8);
        _out.Append(name);
    }

    /// <summary>tcpdump's ip_optprint; false when an option runs past the captured bytes.</summary>
    private bool PrintIpv4Options(ReadOnlySpan<byte> captured, int length)
    {
        int at = 0;
        bool first = true;
        while (length > 0)
        {
            if (!first) _out.Append(',');
            first = false;
            if (at >= captured.Length) return false;
            byte code = captured[at];
            ReadOnlySpan<byte> name = code switch
            {
                0 => "EOL"u8,
                1 => "NOP"u8,
                68 => "timestamp"u8,
                130 => "security"u8,
                7 => "RR"u8,
                137 => "SSRR"u8,
                131 => "LSRR"u8,
                148 => "RA"u8,
                82 => "traceroute"u8,
                _ => default,
            };
            if (name.IsEmpty) _out.Append("unknown "u8).Append((int)code);
            else _out.Append(name);
            int optionLength;
            if (code is 0 or 1) optionLength = 1;
            else
            {
                if (at + 1 >= captured.Length) return false;
                optionLength = captured[at + 1];
                if (optionLength < 2)
                {
                    _out.Append(" [bad length "u8).Append(optionLength).Append(']');
                    return true;
                }
            }
            if (optionLength > length)
            {
                _out.Append(" [bad length "u8).Append(optionLength).Append(']');
                return true;
            }
            ReadOnlySpan<byte> option = captured[at..];
            switch (code)
            {
                case 0:
                    return true;
                case 68:
                    if (!PrintIpv4Timestamps(option, optionLength)) return false;
                    break;
                case 7:
                case 137:
                case 131:
                    if (!PrintIpv4Route(option, optionLength)) return false;
                    break;
                case 148:
                    if (optionLength < 4)
                    {
                        _out.Append(" [bad length "u8).Append(optionLength).Append(']');
                        break;
                    }
                    if (option.Length < 4) return false;
                    ushort value = BinaryPrimitives.ReadUInt16BigEndian(option[2..]);
                    if (value != 0) _out.Append(" value "u8).Append(value);
                    break;
            }
            at += optionLength;
            length -= optionLength;
        }
        return true;
    }

    private bool PrintIpv4Route(ReadOnlySpan<byte> option, int length)
    {
        if (length < 3)
        {
            _out.Append(" [bad length "u8).Append(length).Append(']');
            return true;
        }
        if (((length + 1) & 3) != 0) _out.Append(" [bad length "u8).Append(length).Append(']');
        if (option.Length < 3) return false;
        int pointer = option[2] - 1;
        if (pointer < 3 || ((pointer + 1) & 3) != 0 || pointer > length + 1) _out.Append(" [bad ptr "u8).Append((int)option[2]).Append(']');
        for (int at = 3; at < length; at += 4)
        {
            if (at + 4 > option.Length) return false;
            _out.Append(' ').Append(Ipv4Address.Read(option[at..]));
            if (pointer > at) _out.Append(',');
        }
        return true;
    }

    private bool PrintIpv4Timestamps(ReadOnlySpan<byte> option, int length)
    {
        if (length < 4)
        {
            _out.Append("[bad length "u8).Append(length).Append(']');
            return true;
        }
        if (option.Length < 4) return false;
        _out.Append(" TS{"u8);
        int kind = option[3] & 0xF;
        int hopLength = kind != 0 ? 8 : 4;
        if (((length - 4) & (hopLength - 1)) != 0) _out.Append("[bad length "u8).Append(length).Append(']');
        int pointer = option[2] - 1;
        int at = 0;
        if (pointer < 4 || ((pointer - 4) & (hopLength - 1)) != 0 || pointer > length + 1) _out.Append("[bad ptr "u8).Append((int)option[2]).Append(']');
        switch (kind)
        {
            case 0: _out.Append("TSONLY"u8); break;
            case 1: _out.Append("TS+ADDR"u8); break;
            case 3: _out.Append("PRESPEC"u8); break;
            default:
                _out.Append("[bad ts type "u8).Append(kind).Append(']');
                goto done;
        }
        for (at = 4; at < length; at += hopLength)
        {
            if (at + hopLength > option.Length) return false;
            _out.Append(pointer == at ? " ^ "u8 : " "u8);
            _out.Append(BinaryPrimitives.ReadUInt32BigEndian(option[(at + hopLength - 4)..])).Append('@');
            if (hopLength == 8) _out.Append(Ipv4Address.Read(option[at..]));
        }
    done:
        if (pointer == at) _out.Append(" ^ "u8);
        if (option[3] >> 4 != 0) _out.Append(" ["u8).Append(option[3] >> 4).Append(" hops not recorded]} "u8);
        else _out.Append('}');
        return true;
    }

    /// <summary>
    /// tcpdump's ip_demux_print: the protocol after an IPv4 header or the IPv6 extension chain.
    /// <paramref name="directlyAfterIpHeader"/> tells TCP and UDP whether to print the addresses
    /// with their ports (true) or the ports alone (after IPv6 extension headers).
    /// </summary>
    private void PrintIpPayload(ReadOnlySpan<byte> payload, in IpInfo info, long length, bool fragmented, bool directlyAfterIpHeader)
    {
        int clipped = (int)Math.Clamp(length, 0, payload.Length);
        switch (info.Protocol)
        {
            case IpProtocol.Tcp:
                PrintTcp(payload, length, info, fragmented, directlyAfterIpHeader);
                break;
            case IpProtocol.Udp:
                PrintUdp(payload, length, info, fragmented, directlyAfterIpHeader);
                break;
            case IpProtocol.Icmp:
            case IpProtocol.Icmpv6:
            case IpProtocol.Igmp:
                PrintControlMessage(payload[..clipped], info);
                break;
            case IpProtocol.IpInIp:
            case IpProtocol.Ipv6:
                if (_ipDepth >= MaxIpDepth)
                {
                    _out.Append(" [|ip]"u8);
                    break;
                }
                _ipDepth++;
                if (info.Protocol == IpProtocol.IpInIp) PrintIpv4(payload, length);
                else PrintIpv6(payload, length);
                _ipDepth--;
                break;
            case IpProtocol.Gre:
                PrintGre(payload[..clipped], length);
                break;
            case IpProtocol.NoNextHeader:
                _out.Append("no next header"u8);
                break;
            case IpProtocol.Ah:
                PrintAuthenticationHeader(payload, info, length, fragmented);
                break;
            case IpProtocol.Esp:
                if (payload.Length < EspOffsets.MinLength)
                {
                    _out.Append(" [|esp]"u8);
                    break;
                }
                _out.Append("ESP(spi=0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(payload[EspOffsets.Spi..]), 8)
                    .Append(",seq=0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(payload[EspOffsets.Sequence..]))
                    .Append("), length "u8).Append(length);
                break;
            default:
                ReadOnlySpan<byte> name = _options.NumericPorts ? default : TcpdumpNames.NetdbProtocol((int)info.Protocol);
                if (name.IsEmpty) _out.Append(" ip-proto-"u8).Append((int)info.Protocol);
                else _out.Append(' ').Append(name);
                _out.Append(' ').Append(length);
                break;
        }
    }

    /// <summary>
    /// ICMP, ICMPv6 and IGMP. Their printers check every bound themselves (no exception on any
    /// input: the fuzzer drives them without a safety net, see tests/SockScope.Files.Tests/Fuzzing).
    /// </summary>
    private void PrintControlMessage(ReadOnlySpan<byte> message, in IpInfo info)
    {
        switch (info.Protocol)
        {
            case IpProtocol.Icmp: PrintIcmp(message, info); break;
            case IpProtocol.Icmpv6: PrintIcmp6(message, info); break;
            default: PrintIgmp(message, info); break;
        }
    }

    /// <summary>Prints an ICMPv4 message through <see cref="IcmpPrinter"/>; the "IP a > b: " prefix is already written.</summary>
    internal void PrintIcmp(ReadOnlySpan<byte> icmp, in IpInfo ip)
    {
        // The quoted datagram of an error comes back here: its TCP header follows this printer's
        // conversations, and its nesting counts against the same IP depth bound.
        var context = new IcmpPrintContext
        {
            Verbosity = _options.Verbosity,
            NumericPorts = _options.NumericPorts,
            Fragmented = ip.IsLaterFragment,
            QuotedDatagram = _printQuotedDatagram,
        };
        if (!IcmpPrinter.PrintMessage(icmp, ip.PayloadLength, _out, context)) _linkHeaderLengthLost = true;
    }

    /// <summary>Prints an ICMPv6 message through <see cref="Icmpv6Printer"/>; the "IP6 a > b: " prefix is already written.</summary>
    internal void PrintIcmp6(ReadOnlySpan<byte> icmp6, in IpInfo ip)
    {
        var context = new Icmpv6PrintContext
        {
            Verbosity = _options.Verbosity,
            NumericPorts = _options.NumericPorts,
            Fragmented = ip.IsLaterFragment,
            Source = ip.Source6,
            Destination = ip.Destination6,
        };
        Icmpv6Printer.PrintMessage(icmp6, ip.PayloadLength, _out, context);
    }

    /// <summary>Prints an IGMP message through <see cref="IgmpPrinter"/>; the "IP a > b: " prefix is already written.</summary>
    internal void PrintIgmp(ReadOnlySpan<byte> igmp, in IpInfo ip)
        => IgmpPrinter.PrintMessage(igmp, ip.PayloadLength, _out, IgmpPrintContext.From(_options));

    private void PrintQuotedDatagram(ReadOnlySpan<byte> datagram, Utf8Builder output)
    {
        // Only this printer's own PrintIcmp hands the delegate out, always with this printer's buffer.
        System.Diagnostics.Debug.Assert(ReferenceEquals(output, _out));
        PrintIpDatagram(datagram);
    }

    /// <summary>IPsec AH (RFC 4302): its fields, then whatever it protects (ports only, as after any extension).</summary>
    private void PrintAuthenticationHeader(ReadOnlySpan<byte> payload, in IpInfo info, long length, bool fragmented)
    {
        if (payload.Length < AuthenticationHeaderOffsets.MinLength)
        {
            _out.Append(" [|ah]"u8);
            return;
        }
        int lengthField = payload[AuthenticationHeaderOffsets.LengthUnits];
        int total = (lengthField + 2) * 4;
        _out.Append("AH("u8);
        if (_options.Verbosity > 0) _out.Append("length="u8).Append(lengthField).Append('(').Append(total).Append("-bytes),"u8);
        _out.Append("spi=0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(payload[AuthenticationHeaderOffsets.Spi..]), 8)
            .Append(",seq=0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(payload[AuthenticationHeaderOffsets.Sequence..]));
        if (total < AuthenticationHeaderOffsets.MinLength || payload.Length < total)
        {
            _out.Append("[truncated]):"u8);
            return;
        }
        _out.Append(",icv=0x"u8);
        foreach (byte b in payload[AuthenticationHeaderOffsets.MinLength..total]) _out.AppendHex(b, 2);
        _out.Append("): "u8);
        IpInfo inner = info with { Protocol = (IpProtocol)payload[AuthenticationHeaderOffsets.NextHeader], PayloadLength = (int)Math.Max(0, Math.Min(length - total, int.MaxValue)) };
        if (_ipDepth >= MaxIpDepth) return;
        _ipDepth++;
        PrintIpPayload(payload[total..], inner, length - total, fragmented, directlyAfterIpHeader: false);
        _ipDepth--;
    }
}
