using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Icmp;

namespace SockScope.Wire.Formatting;

// ICMPv4 as tcpdump 4.99 prints it: "ICMP <what>, length N", the checksum verdict on -v, and on -v
// the quoted datagram of an error on the next line (printed by the IP printer).
public sealed partial class TcpdumpPrinter
{
    /// <summary>Prints an ICMPv4 message; the "IP a > b: " prefix is already written.</summary>
    internal void PrintIcmp(ReadOnlySpan<byte> icmp, in IpInfo ip)
    {
        int length = ip.PayloadLength;
        int start = _out.Length;
        _out.Append("ICMP "u8);
        // tcpdump composes the description first and prints nothing of it when the capture is short.
        if (!PrintIcmpDescription(icmp))
        {
            _out.Truncate(start);
            _out.Append(" [|icmp]"u8);
            // Only for an error missing its quoted header does tcpdump stop just the ICMP printer;
            // elsewhere it gives up on the whole packet and its -x dump starts at the first byte.
            if (icmp.Length == 0 || (IcmpType)icmp[0] is not (IcmpType.DestinationUnreachable or IcmpType.TimeExceeded))
                _linkHeaderLengthLost = true;
            return;
        }
        _out.Append(", length "u8).Append(length);

        if (_options.Verbosity == 0) return;
        if (!ip.IsLaterFragment && length >= 0 && icmp.Length >= length)
        {
            ushort computed = InternetChecksum.Compute(icmp[..length]);
            if (computed != 0)
            {
                if (icmp.Length < 4)
                {
                    _out.Append(" [|icmp]"u8);
                    return;
                }
                ushort field = BinaryPrimitives.ReadUInt16BigEndian(icmp[IcmpOffsets.Checksum..]);
                _out.Append(" (wrong icmp cksum "u8).AppendHex(field).Append(" (->"u8)
                    .AppendHex(ChecksumShouldBe(field, computed)).Append(")!)"u8);
            }
        }
        if (IcmpMessage.IsErrorType((IcmpType)icmp[0]))
        {
            _out.Append("\n\t"u8);
            ReadOnlySpan<byte> quoted = icmp.Length > IcmpOffsets.HeaderLength ? icmp[IcmpOffsets.HeaderLength..] : default;
            if (quoted.Length < 4)
            {
                _out.Append(" [|icmp]"u8);
                return;
            }
            int quotedLength = BinaryPrimitives.ReadUInt16BigEndian(quoted[2..]);
            PrintIpDatagram(quoted[..Math.Min(quotedLength, quoted.Length)]);
        }
        if (length > ExtensionMinimumLength && (IcmpType)icmp[0] is IcmpType.DestinationUnreachable or IcmpType.TimeExceeded
                or IcmpType.ParameterProblem)
            PrintIcmpExtensions(icmp, length);
    }

    // RFC 4884: extensions follow a 128-byte quoted datagram, so the ICMP message is longer than this.
    private const int ExtensionMinimumLength = 136;
    private const int ExtensionHeader = IcmpOffsets.HeaderLength + 128;

    /// <summary>The multi-part extension structure (RFC 4884) with MPLS label stack objects (RFC 4950).</summary>
    private void PrintIcmpExtensions(ReadOnlySpan<byte> icmp, int length)
    {
        if (icmp.Length < ExtensionHeader + 5)
        {
            _out.Append(" [|icmp]"u8);
            return;
        }
        int extensionLength = length - ExtensionMinimumLength;
        bool whole = icmp.Length >= ExtensionHeader + extensionLength;
        // Without a length in the ICMP header, only a valid extension checksum shows an extension is there.
        if (icmp[5] == 0 && whole && InternetChecksum.Compute(icmp.Slice(ExtensionHeader, extensionLength)) != 0) return;
        int version = icmp[ExtensionHeader] >> 4;
        _out.Append("\n\tICMP Multi-Part extension v"u8).Append(version);
        if (version != 2)
        {
            _out.Append(" packet not supported"u8);
            return;
        }
        if (whole)
        {
            bool correct = InternetChecksum.Compute(icmp.Slice(ExtensionHeader, extensionLength)) == 0;
            _out.Append(", checksum 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(icmp[(ExtensionHeader + 2)..]), 4)
                .Append(correct ? " (correct), length "u8 : " (incorrect), length "u8).Append(extensionLength);
        }
        int remaining = extensionLength - 4;
        int at = ExtensionHeader + 4;
        while (remaining > 4)
        {
            if (at + 4 > icmp.Length)
            {
                _out.Append(" [|icmp]"u8);
                return;
            }
            int objectLength = BinaryPrimitives.ReadUInt16BigEndian(icmp[at..]);
            int classNumber = icmp[at + 2];
            int classType = icmp[at + 3];
            at += 4;
            ReadOnlySpan<byte> name = classNumber switch { 1 => "MPLS Stack Entry"u8, 2 => "Interface Identification"u8, _ => "unknown"u8 };
            _out.Append("\n\t  "u8).Append(name).Append(" Object ("u8).Append(classNumber).Append("), Class-Type: "u8)
                .Append(classType).Append(", length "u8).Append(objectLength);
            remaining -= 4;
            // A zero class or a length shorter than the object header would never advance.
            if (classNumber == 0 || objectLength < 4) return;
            objectLength -= 4;
            if (classNumber == 1 && classType == 1)
            {
                if (at + 4 > icmp.Length)
                {
                    _out.Append(" [|icmp]"u8);
                    return;
                }
                uint entry = BinaryPrimitives.ReadUInt32BigEndian(icmp[at..]);
                _out.Append("\n\t    label "u8).Append(entry >> 12).Append(", tc "u8).Append((entry >> 9) & 7);
                if ((entry & 0x100) != 0) _out.Append(", [S]"u8);
                _out.Append(", ttl "u8).Append(entry & 0xFF);
            }
            else
            {
                AppendHexLines(icmp.Slice(at, Math.Max(0, Math.Min(objectLength, icmp.Length - at))), "\n\t    "u8);
            }
            if (remaining < objectLength) break;
            remaining -= objectLength;
            at += objectLength;
        }
    }

    /// <summary>
    /// The checksum the field should hold, from the field and the checksum computed over the data with
    /// the field in place (RFC 1624 arithmetic: adding them cancels the field's contribution).
    /// </summary>
    private static ushort ChecksumShouldBe(ushort field, ushort computed)
    {
        uint sum = (uint)field + computed;
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)((sum & 0xFFFF) + (sum >> 16));
    }

    /// <summary>The words between "ICMP " and ", length"; false when the capture ends first.</summary>
    private bool PrintIcmpDescription(ReadOnlySpan<byte> b)
    {
        if (b.Length < 2) return false;
        int type = b[0];
        int code = b[1];
        switch ((IcmpType)type)
        {
            case IcmpType.EchoRequest:
            case IcmpType.EchoReply:
                if (b.Length < 8) return false;
                _out.Append(type == 8 ? "echo request, id "u8 : "echo reply, id "u8)
                    .Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(", seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..]));
                return true;
            case IcmpType.DestinationUnreachable:
                return PrintIcmpUnreachable(b, code);
            case IcmpType.Redirect:
            {
                if (b.Length < 8 + 20) return false;
                Ipv4Address target = Ipv4Address.Read(b[(8 + 16)..]);
                Ipv4Address gateway = Ipv4Address.Read(b[4..]);
                switch (code)
                {
                    case 0: _out.Append("redirect "u8).Append(target).Append(" to net "u8); break;
                    case 1: _out.Append("redirect "u8).Append(target).Append(" to host "u8); break;
                    case 2: _out.Append("redirect-tos "u8).Append(target).Append(" to net "u8); break;
                    case 3: _out.Append("redirect-tos "u8).Append(target).Append(" to host "u8); break;
                    default: _out.Append("redirect-#"u8).Append(code).Append((byte)' ').Append(target).Append(" to "u8); break;
                }
                _out.Append(gateway);
                return true;
            }
            case IcmpType.RouterAdvertisement:
                return PrintRouterAdvertisement(b);
            case IcmpType.TimeExceeded:
                if (b.Length < 8 + 20) return false;
                switch (code)
                {
                    case 0: _out.Append("time exceeded in-transit"u8); break;
                    case 1: _out.Append("ip reassembly time exceeded"u8); break;
                    default: _out.Append("time exceeded-#"u8).Append(code); break;
                }
                return true;
            case IcmpType.ParameterProblem:
                if (code != 0)
                {
                    _out.Append("parameter problem - code "u8).Append(code);
                    return true;
                }
                if (b.Length < 5) return false;
                _out.Append("parameter problem - octet "u8).Append((int)b[4]);
                return true;
            case IcmpType.AddressMaskReply:
                if (b.Length < 12) return false;
                _out.Append("address mask is 0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(b[8..]), 8);
                return true;
            case IcmpType.TimestampRequest:
                if (b.Length < 8) return false;
                _out.Append("time stamp query id "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(" seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..]));
                return true;
            case IcmpType.TimestampReply:
                if (b.Length < 20) return false;
                _out.Append("time stamp reply id "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(" seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..])).Append(": org "u8);
                AppendMillisecondsOfDay(BinaryPrimitives.ReadUInt32BigEndian(b[8..]));
                _out.Append(", recv "u8);
                AppendMillisecondsOfDay(BinaryPrimitives.ReadUInt32BigEndian(b[12..]));
                _out.Append(", xmit "u8);
                AppendMillisecondsOfDay(BinaryPrimitives.ReadUInt32BigEndian(b[16..]));
                return true;
            default:
                ReadOnlySpan<byte> name = (IcmpType)type switch
                {
                    IcmpType.SourceQuench => "source quench"u8,
                    IcmpType.RouterSolicitation => "router solicitation"u8,
                    IcmpType.InformationRequest => "information request"u8,
                    IcmpType.InformationReply => "information reply"u8,
                    IcmpType.AddressMaskRequest => "address mask request"u8,
                    _ => default,
                };
                if (name.IsEmpty) _out.Append("type-#"u8).Append(type);
                else _out.Append(name);
                return true;
        }
    }

    /// <summary>Destination unreachable, worded from the quoted datagram's destination (and port for code 3).</summary>
    private bool PrintIcmpUnreachable(ReadOnlySpan<byte> b, int code)
    {
        const int quoted = IcmpOffsets.HeaderLength;
        if (b.Length < quoted + 20) return false;
        Ipv4Address destination = Ipv4Address.Read(b[(quoted + 16)..]);
        int protocol = b[quoted + 9];
        switch ((IcmpUnreachableCode)code)
        {
            case IcmpUnreachableCode.Protocol:
                _out.Append(destination).Append(" protocol "u8).Append(protocol).Append(" unreachable"u8);
                return true;
            case IcmpUnreachableCode.Port:
            {
                int transport = quoted + (b[quoted] & 0x0F) * 4;
                if (transport + 4 > b.Length) return false;
                int port = BinaryPrimitives.ReadUInt16BigEndian(b[(transport + 2)..]);
                _out.Append(destination);
                if (protocol == 6) _out.Append(" tcp port "u8);
                else if (protocol == 17) _out.Append(" udp port "u8);
                else _out.Append(" protocol "u8).Append(protocol).Append(" port "u8);
                _out.Append(port).Append(" unreachable"u8);
                return true;
            }
            case IcmpUnreachableCode.FragmentationNeeded:
            {
                int mtu = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
                _out.Append(destination).Append(" unreachable - need to frag"u8);
                if (mtu != 0) _out.Append(" (mtu "u8).Append(mtu).Append((byte)')');
                return true;
            }
        }
        // The other codes read "<net|host> A unreachable - reason" or "A unreachable - reason".
        ReadOnlySpan<byte> scope = code switch
        {
            0 or 6 or 9 or 11 => "net "u8,
            1 or 7 or 10 or 12 or 13 or 14 or 15 => "host "u8,
            _ => ""u8,
        };
        ReadOnlySpan<byte> reason = code switch
        {
            5 => " - source route failed"u8,
            6 or 7 => " - unknown"u8,
            8 => " - source host isolated"u8,
            9 or 10 => " - admin prohibited"u8,
            11 or 12 => " - tos prohibited"u8,
            13 => " - admin prohibited filter"u8,
            14 => " - host precedence violation"u8,
            15 => " - precedence cutoff"u8,
            _ => ""u8,
        };
        if (code > 15) _out.Append((byte)'#').Append(code).Append((byte)' ');
        _out.Append(scope).Append(destination).Append(" unreachable"u8).Append(reason);
        return true;
    }

    /// <summary>Router advertisement (RFC 1256): lifetime as h:mm:ss, then each address with its preference.</summary>
    private bool PrintRouterAdvertisement(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8) return false;
        int count = b[IcmpOffsets.AddressCount];
        int entryWords = b[IcmpOffsets.AddressEntrySize];
        int lifetime = BinaryPrimitives.ReadUInt16BigEndian(b[IcmpOffsets.Lifetime..]);
        _out.Append("router advertisement lifetime "u8);
        if (lifetime < 60) _out.Append(lifetime);
        else if (lifetime < 3600) _out.Append(lifetime / 60).Append((byte)':').Append(lifetime % 60, "D2");
        else _out.Append(lifetime / 3600).Append((byte)':').Append(lifetime % 3600 / 60, "D2").Append((byte)':').Append(lifetime % 60, "D2");
        _out.Append((byte)' ').Append(count).Append((byte)':');
        if (entryWords != 2)
        {
            _out.Append(" [size "u8).Append(entryWords).Append((byte)']');
            return true;
        }
        for (int i = 0, at = 8; i < count; i++, at += 8)
        {
            if (at + 8 > b.Length) return false;
            _out.Append(" {"u8).Append(Ipv4Address.Read(b[at..])).Append((byte)' ')
                .Append(BinaryPrimitives.ReadUInt32BigEndian(b[(at + 4)..])).Append((byte)'}');
        }
        return true;
    }

    /// <summary>Milliseconds since midnight UT as hh:mm:ss.mmm (hours may exceed 23 for bogus values).</summary>
    private void AppendMillisecondsOfDay(uint milliseconds)
    {
        uint seconds = milliseconds / 1000;
        uint minutes = seconds / 60;
        uint hours = minutes / 60;
        _out.Append(hours, "D2").Append((byte)':').Append(minutes % 60, "D2").Append((byte)':')
            .Append(seconds % 60, "D2").Append((byte)'.').Append(milliseconds % 1000, "D3");
    }
}
