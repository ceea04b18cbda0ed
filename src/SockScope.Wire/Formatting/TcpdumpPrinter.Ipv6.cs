using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Formatting;

// IPv6 as tcpdump 4.99 prints it: "IP6 ", the -v parenthesis, then each extension header in
// turn (HBH, DSTOPT, RT6, frag) and the upper-layer printer. Lengths are longs because a
// jumbo payload length can exceed what an int holds.
public sealed partial class TcpdumpPrinter
{
    /// <summary>The Mobile IPv6 home address destination option (RFC 6275).</summary>
    private const byte HomeAddressOption = 0xC9;

    /// <summary>The address a routing header finally delivers to (types 0 and 2: the last; type 4: segment 0).</summary>
    private static Ipv6Address RoutingFinalDestination(ReadOnlySpan<byte> header, Ipv6Address current)
    {
        if (header.Length < Ipv6RoutingOffsets.Addresses) return current;
        // The length counts 8-byte units: two per address.
        int addresses = header[Ipv6RoutingOffsets.LengthUnits] >> 1;
        int type = header[Ipv6RoutingOffsets.RoutingType];
        if (type is 0 or 2)
        {
            int at = Ipv6RoutingOffsets.Addresses + Ipv6RoutingOffsets.AddressLength * (addresses - 1);
            return addresses > 0 && at + Ipv6RoutingOffsets.AddressLength <= header.Length ? Ipv6Address.Read(header[at..]) : current;
        }
        if (type == 4)
        {
            return header.Length >= Ipv6RoutingOffsets.Addresses + Ipv6RoutingOffsets.AddressLength
                ? Ipv6Address.Read(header[Ipv6RoutingOffsets.Addresses..]) : current;
        }
        return current;
    }

    private void PrintIpv6(ReadOnlySpan<byte> b, long length)
    {
        if (b.Length < Ipv6Offsets.HeaderLength)
        {
            _out.Append(" [|ip6]"u8);
            return;
        }
        if (!_options.LinkHeader) _out.Append("IP6 "u8);
        // The header is captured, so the view refuses only a wrong version.
        if (!Ipv6Packet.TryCreate(b, out Ipv6Packet packet, out _))
        {
            _out.Append("version error: "u8).Append(b[Ipv6Offsets.VersionClassFlow] >> 4).Append(" != 6"u8);
            return;
        }
        int payloadLength = packet.PayloadLength;
        long len = payloadLength + Ipv6Offsets.HeaderLength;
        if (payloadLength != 0 && length < len)
            _out.Append("truncated-ip6 - "u8).Append(len - length).Append(" bytes missing!"u8);
        int nextHeader = (int)packet.NextHeader;
        if (_options.Verbosity > 0)
        {
            _out.Append('(');
            byte trafficClass = packet.TrafficClass;
            if (trafficClass != 0) _out.Append("class 0x"u8).AppendHex(trafficClass, 2).Append(", "u8);
            int flowLabel = packet.FlowLabel;
            if (flowLabel != 0) _out.Append("flowlabel 0x"u8).AppendHex((uint)flowLabel, 5).Append(", "u8);
            ReadOnlySpan<byte> name = TcpdumpNames.IpProtocol(nextHeader);
            _out.Append("hlim "u8).Append((int)packet.HopLimit).Append(", next-header "u8)
                .Append(name.IsEmpty ? "unknown"u8 : name).Append(" ("u8).Append(nextHeader)
                .Append(") payload length: "u8).Append(payloadLength).Append(") "u8);
        }
        Ipv6Address source = packet.Source;
        Ipv6Address destination = packet.Destination;
        // What tcpdump treats as captured: never past the length the header claims. A zero
        // payload length may be a jumbogram, whose length the hop-by-hop header gives.
        // Without one, tcpdump still walks the extension headers but gives the upper layer nothing.
        int end = payloadLength == 0 ? b.Length : (int)Math.Min(len, b.Length);
        // Checksums use the final destination, the last hop of a routing header.
        Ipv6Address finalDestination = destination;
        int at = 0;
        int advance = Ipv6Offsets.HeaderLength;
        bool fragmented = false;
        bool sawJumbo = false;
        for (int headers = 0; at < end && advance > 0; headers++)
        {
            if (len < advance || headers > 64)
            {
                _out.Append(" [|ip6]"u8);
                return;
            }
            at += advance;
            len -= advance;
            if (at == Ipv6Offsets.HeaderLength && !((IpProtocol)nextHeader).StartsWithPorts())
                _out.Append(source).Append(" > "u8).Append(destination).Append(": "u8);
            if (at > end)
            {
                // An extension header claimed more than was captured (or than the payload holds).
                _out.Append(" [|ip6]"u8);
                return;
            }
            ReadOnlySpan<byte> header = b[at..end];
            switch (nextHeader)
            {
                case (int)IpProtocol.HopByHop:
                {
                    _out.Append("HBH "u8);
                    advance = PrintIpv6OptionsHeader(header, "hbhopt"u8, out long jumbo, out bool foundJumbo);
                    if (advance < 0) return;
                    if (payloadLength == 0 && !foundJumbo)
                    {
                        _out.Append("[No valid Jumbo Payload Hop-by-Hop option found] (invalid)"u8);
                        return;
                    }
                    if (payloadLength == 0 && foundJumbo && !sawJumbo)
                    {
                        // The jumbo length counts from the end of the fixed header, like the payload length.
                        sawJumbo = true;
                        long total = jumbo + Ipv6Offsets.HeaderLength;
                        if (length < total) _out.Append("truncated-ip6 - "u8).Append(total - length).Append(" bytes missing!"u8);
                        len = jumbo;
                        end = (int)Math.Min(total, b.Length);
                        header = b[at..Math.Max(at, end)];
                        if (header.IsEmpty)
                        {
                            _out.Append(" [|ip6]"u8);
                            return;
                        }
                    }
                    nextHeader = header[Ipv6ExtensionOffsets.NextHeader];
                    break;
                }
                case (int)IpProtocol.DestinationOptions:
                {
                    int optionsLength = ExtensionHeaderLength(header);
                    if (optionsLength > header.Length)
                    {
                        _out.Append(" [|dstopt]"u8);
                        return;
                    }
                    _out.Append("DSTOPT "u8);
                    if (_options.Verbosity > 0 && !PrintIpv6Options(header[Ipv6ExtensionOffsets.Options..optionsLength], out _, out _))
                    {
                        _out.Append(" [|dstopt]"u8);
                        return;
                    }
                    advance = optionsLength;
                    nextHeader = header[Ipv6ExtensionOffsets.NextHeader];
                    break;
                }
                case (int)IpProtocol.Fragment:
                    advance = PrintIpv6Fragment(header, payloadLength, at);
                    if (advance < 0 || end <= at + advance) return;
                    nextHeader = header[Ipv6FragmentOffsets.NextHeader];
                    fragmented = true;
                    break;
                case (int)IpProtocol.Routing:
                    if (header.Length < 1)
                    {
                        _out.Append(" [|ip6]"u8);
                        return;
                    }
                    advance = PrintIpv6Routing(header);
                    if (advance < 0) return;
                    finalDestination = RoutingFinalDestination(header, finalDestination);
                    nextHeader = header[Ipv6RoutingOffsets.NextHeader];
                    break;
                case (int)IpProtocol.Ethernet:
                    PrintEthernet(header, (int)Math.Min(len, int.MaxValue));
                    return;
                default:
                {
                    if (payloadLength == 0 && !sawJumbo) header = default;
                    var info = new IpInfo(true, default, default, source, finalDestination, (IpProtocol)nextHeader,
                        (int)Math.Min(len, int.MaxValue), fragmented, packet.HopLimit);
                    PrintIpPayload(header, info, len, fragmented, directlyAfterIpHeader: at == Ipv6Offsets.HeaderLength);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The length of a hop-by-hop or destination-options header in bytes (its length field counts
    /// 8-byte units after the first 8); int.MaxValue when not even the length field is captured.
    /// </summary>
    private static int ExtensionHeaderLength(ReadOnlySpan<byte> header) =>
        header.Length > Ipv6ExtensionOffsets.LengthUnits
            ? (header[Ipv6ExtensionOffsets.LengthUnits] + 1) * Ipv6ExtensionOffsets.MinLength
            : int.MaxValue;

    /// <summary>A hop-by-hop header: its length, or -1 after printing a truncation marker.</summary>
    private int PrintIpv6OptionsHeader(ReadOnlySpan<byte> header, ReadOnlySpan<byte> protocol, out long jumbo, out bool foundJumbo)
    {
        jumbo = 0;
        foundJumbo = false;
        int headerLength = ExtensionHeaderLength(header);
        if (headerLength > header.Length)
        {
            _out.Append(" [|"u8).Append(protocol).Append(']');
            return -1;
        }
        if (!PrintIpv6Options(header[Ipv6ExtensionOffsets.Options..headerLength], out jumbo, out foundJumbo))
        {
            _out.Append(" [|"u8).Append(protocol).Append(']');
            return -1;
        }
        return headerLength;
    }

    /// <summary>tcpdump's ip6_opt_process: option text in -v only, problems always; false on a truncated option.</summary>
    /// <summary>
    /// Checks that a hop-by-hop option has its fixed data length: "(name: trunc)" when fewer bytes
    /// are left, "(name: invalid len N)" when its length field says otherwise.
    /// </summary>
    private bool HasOptionSize(ReadOnlySpan<byte> options, int at, int left, int dataLength, ReadOnlySpan<byte> name)
    {
        if (left < dataLength + 2)
        {
            _out.Append('(').Append(name).Append(": trunc)"u8);
            return false;
        }
        if (options[at + 1] != dataLength)
        {
            _out.Append('(').Append(name).Append(": invalid len "u8).Append((int)options[at + 1]).Append(')');
            return false;
        }
        return true;
    }

    private bool PrintIpv6Options(ReadOnlySpan<byte> options, out long jumbo, out bool foundJumbo)
    {
        jumbo = 0;
        foundJumbo = false;
        bool verbose = _options.Verbosity > 0;
        int optionLength;
        for (int i = 0; i < options.Length; i += optionLength)
        {
            byte type = options[i];
            if (type == Ipv6OptionEnumerator.Pad1)
            {
                if (verbose) _out.Append("(pad1)"u8);
                optionLength = 1;
                continue;
            }
            if (i + 1 >= options.Length) return false;
            optionLength = options[i + 1] + 2;
            if (i + optionLength > options.Length) return false;
            int left = options.Length - i;
            switch (type)
            {
                case Ipv6OptionEnumerator.PadN:
                    if (verbose) _out.Append("(padn)"u8);
                    break;
                case Ipv6OptionEnumerator.RouterAlert:
                    if (!HasOptionSize(options, i, left, 2, "rtalert"u8)) return false;
                    if (verbose) _out.Append("(rtalert: 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(options[(i + 2)..]), 4).Append(") "u8);
                    break;
                case Ipv6OptionEnumerator.JumboPayload:
                    if (!HasOptionSize(options, i, left, 4, "jumbo"u8)) return false;
                    uint value = BinaryPrimitives.ReadUInt32BigEndian(options[(i + 2)..]);
                    if (foundJumbo)
                    {
                        if (verbose) _out.Append("(jumbo: "u8).Append(value).Append(" - already seen) "u8);
                        break;
                    }
                    foundJumbo = true;
                    jumbo = value;
                    if (verbose) _out.Append("(jumbo: "u8).Append(value).Append(") "u8);
                    break;
                case HomeAddressOption:
                    if (left < 18)
                    {
                        _out.Append("(homeaddr: trunc)"u8);
                        return false;
                    }
                    if (options[i + 1] < 16)
                    {
                        _out.Append("(homeaddr: invalid len "u8).Append((int)options[i + 1]).Append(')');
                        return false;
                    }
                    if (verbose) _out.Append("(homeaddr: "u8).Append(Ipv6Address.Read(options[(i + 2)..])).Append(')');
                    break;
                default:
                    if (verbose) _out.Append("(opt_type 0x"u8).AppendHex(type, 2).Append(": len="u8).Append((int)options[i + 1]).Append(')');
                    break;
            }
        }
        if (verbose) _out.Append(' ');
        return true;
    }

    /// <summary>tcpdump's frag6_print: the fragment's length counts from the end of this header.</summary>
    private int PrintIpv6Fragment(ReadOnlySpan<byte> header, int payloadLength, int offsetInPacket)
    {
        int needed = _options.Verbosity > 0 ? Ipv6FragmentOffsets.Length : Ipv6FragmentOffsets.Identification;
        if (header.Length < needed)
        {
            _out.Append(" [|frag6]"u8);
            return -1;
        }
        int fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(header[Ipv6FragmentOffsets.OffsetAndFlags..]) & 0xFFF8;
        // Computed in 64-bit unsigned arithmetic, as tcpdump does (a bogus header prints a huge number).
        ulong fragmentLength = (ulong)Ipv6Offsets.HeaderLength + (ulong)payloadLength
            - (ulong)offsetInPacket - Ipv6FragmentOffsets.Length;
        _out.Append("frag ("u8);
        if (_options.Verbosity > 0)
            _out.Append("0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(header[Ipv6FragmentOffsets.Identification..]), 8).Append(':');
        _out.Append(fragmentOffset).Append('|').Append(fragmentLength).Append(')');
        if (fragmentOffset != 0) return -1;
        _out.Append(' ');
        return Ipv6FragmentOffsets.Length;
    }

    /// <summary>tcpdump's rt6_print for types 0, 2 (addresses) and 4 (segment routing).</summary>
    private int PrintIpv6Routing(ReadOnlySpan<byte> header)
    {
        _out.Append("RT6"u8);
        if (header.Length <= Ipv6RoutingOffsets.LengthUnits)
        {
            _out.Append(" [|rt6]"u8);
            return -1;
        }
        int units = header[Ipv6RoutingOffsets.LengthUnits];
        _out.Append(" (len="u8).Append(units);
        if (header.Length <= Ipv6RoutingOffsets.RoutingType)
        {
            _out.Append(" [|rt6]"u8);
            return -1;
        }
        int type = header[Ipv6RoutingOffsets.RoutingType];
        _out.Append(", type="u8).Append(type);
        if (type == 0) _out.Append(" [Deprecated]"u8);
        if (header.Length <= Ipv6RoutingOffsets.SegmentsLeft)
        {
            _out.Append(" [|rt6]"u8);
            return -1;
        }
        _out.Append(", segleft="u8).Append((int)header[Ipv6RoutingOffsets.SegmentsLeft]);
        switch (type)
        {
            case 0:
            case 2:
            {
                if (_options.Verbosity > 0)
                {
                    if (header.Length < Ipv6RoutingOffsets.Addresses)
                    {
                        _out.Append(" [|rt6]"u8);
                        return -1;
                    }
                    _out.Append(", rsv=0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(header[Ipv6RoutingOffsets.TypeSpecific..]));
                }
                if (units % 2 == 1)
                {
                    _out.Append(" [invalid length "u8).Append(units).Append("] (invalid)"u8);
                    return -1;
                }
                return PrintRoutingAddresses(header, units >> 1, units);
            }
            case 4:
            {
                if (header.Length < Ipv6RoutingOffsets.Addresses)
                {
                    _out.Append(" [|rt6]"u8);
                    return -1;
                }
                int lastEntry = header[Ipv6RoutingOffsets.LastEntry];
                _out.Append(", last-entry="u8).Append(lastEntry);
                if (_options.Verbosity > 0) _out.Append(", flags=0x"u8).AppendHex(header[Ipv6RoutingOffsets.SegmentRoutingFlags]);
                _out.Append(", tag="u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(header[Ipv6RoutingOffsets.Tag..]));
                if (units % 2 == 1)
                {
                    _out.Append(" (invalid length "u8).Append(units).Append(") (invalid)"u8);
                    return -1;
                }
                return PrintRoutingAddresses(header, lastEntry + 1, units);
            }
            default:
                _out.Append(" (unknown type) (invalid)"u8);
                return -1;
        }
    }

    /// <summary>The addresses of a type 0 or type 4 routing header, ", [i]ADDR" each; its length in bytes, or -1 when cut off.</summary>
    private int PrintRoutingAddresses(ReadOnlySpan<byte> header, int count, int units)
    {
        for (int i = 0; i < count; i++)
        {
            int at = Ipv6RoutingOffsets.Addresses + Ipv6RoutingOffsets.AddressLength * i;
            if (at + Ipv6RoutingOffsets.AddressLength > header.Length)
            {
                _out.Append(" [|rt6]"u8);
                return -1;
            }
            _out.Append(", ["u8).Append(i).Append(']').Append(Ipv6Address.Read(header[at..]));
        }
        _out.Append(") "u8);
        return (units + 1) << 3;
    }
}
