using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Icmp;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints an ICMPv4 message as tcpdump 4.99 does: the text that follows "IP a &gt; b: ", for example
/// <c>ICMP echo request, id 1, seq 1, length 64</c>; on <c>-v</c> the checksum verdict when it is
/// wrong, the datagram an error quotes on a second line and RFC 4884 extensions. Usable on its own,
/// on a message received from a raw ICMP socket; <see cref="TcpdumpPrinter"/> calls it for IP
/// protocol 1.
/// </summary>
/// <example>
/// <code>
/// using var text = new Utf8Builder();
/// IcmpPrinter.Print(message, text, IcmpPrintContext.From(new FormatOptions { Verbosity = 1, NumericPorts = true }));
/// Console.WriteLine(text.ToString());
/// </code>
/// </example>
public static class IcmpPrinter
{
    /// <summary>Appends the text for a whole ICMP message (its length is the span's length).</summary>
    /// <param name="message">The message, from the ICMP header on (the payload of the IP datagram).</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity, and who prints an error's quoted datagram.</param>
    public static void Print(ReadOnlySpan<byte> message, Utf8Builder output, IcmpPrintContext context)
        => Print(message, message.Length, output, context);

    /// <summary>
    /// Appends the text for an ICMP message of which only the first bytes may have been captured.
    /// Where the bytes end before tcpdump could print the message, " [|icmp]" marks the cut.
    /// </summary>
    /// <param name="message">The captured bytes of the message, from the ICMP header on; bytes past <paramref name="length"/> are ignored.</param>
    /// <param name="length">The length the IP header claims for its payload: tcpdump prints it, and checks the checksum only when all of it is captured.</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity, and who prints an error's quoted datagram.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static void Print(ReadOnlySpan<byte> message, int length, Utf8Builder output, IcmpPrintContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (message.Length > length) message = message[..length];
        PrintMessage(message, length, output, context);
    }

    /// <summary>
    /// Prints the message; false where tcpdump gives up on the whole packet rather than on ICMP alone
    /// (its -x dump then starts at the first byte, see <see cref="TcpdumpPrinter.PrintPacket"/>).
    /// </summary>
    internal static bool PrintMessage(ReadOnlySpan<byte> icmp, int length, Utf8Builder output, in IcmpPrintContext context)
    {
        int start = output.Length;
        output.Append("ICMP "u8);
        // tcpdump composes the description first and prints nothing of it when the capture is short.
        if (!PrintDescription(icmp, output, context.NumericPorts))
        {
            output.Truncate(start);
            output.Append(" [|icmp]"u8);
            // Only for an error missing its quoted header does tcpdump stop just the ICMP printer;
            // elsewhere it gives up on the whole packet.
            return icmp.Length != 0 && (IcmpType)icmp[0] is IcmpType.DestinationUnreachable or IcmpType.TimeExceeded;
        }
        output.Append(", length "u8).Append(length);

        if (context.Verbosity == 0) return true;
        if (!context.Fragmented && length >= 0 && icmp.Length >= length)
        {
            ushort computed = InternetChecksum.Compute(icmp[..length]);
            if (computed != 0)
            {
                if (icmp.Length < 4)
                {
                    output.Append(" [|icmp]"u8);
                    return true;
                }
                ushort field = BinaryPrimitives.ReadUInt16BigEndian(icmp[IcmpOffsets.Checksum..]);
                output.Append(" (wrong icmp cksum "u8).AppendHex(field).Append(" (->"u8)
                    .AppendHex(TcpdumpText.ChecksumShouldBe(field, computed)).Append(")!)"u8);
            }
        }
        if (IcmpMessage.IsErrorType((IcmpType)icmp[0]))
        {
            output.Append("\n\t"u8);
            ReadOnlySpan<byte> quoted = icmp.Length > IcmpOffsets.HeaderLength ? icmp[IcmpOffsets.HeaderLength..] : default;
            if (quoted.Length < 4)
            {
                output.Append(" [|icmp]"u8);
                return true;
            }
            int quotedLength = BinaryPrimitives.ReadUInt16BigEndian(quoted[2..]);
            ReadOnlySpan<byte> datagram = quoted[..Math.Min(quotedLength, quoted.Length)];
            if (context.QuotedDatagram is { } print) print(datagram, output);
            else PrintQuotedWithDefaults(datagram, output, context.Verbosity);
        }
        if (length > ExtensionMinimumLength && (IcmpType)icmp[0] is IcmpType.DestinationUnreachable or IcmpType.TimeExceeded
                or IcmpType.ParameterProblem)
            PrintExtensions(icmp, length, output);
        return true;
    }

    // Plain tcpdump's flags at each -v count, made once: printing a quote without a printer of the
    // caller's should not cost an options object each time.
    private static readonly FormatOptions[] DefaultOptions =
        [new() { Verbosity = 0 }, new() { Verbosity = 1 }, new() { Verbosity = 2 }, new() { Verbosity = 3 }];

    private static void PrintQuotedWithDefaults(ReadOnlySpan<byte> datagram, Utf8Builder output, int verbosity)
    {
        FormatOptions options = (uint)verbosity < DefaultOptions.Length ? DefaultOptions[verbosity] : new FormatOptions { Verbosity = verbosity };
        new TcpdumpPrinter(output, options).PrintIpDatagram(datagram);
    }

    // RFC 4884: extensions follow a 128-byte quoted datagram, so the ICMP message is longer than this.
    private const int ExtensionMinimumLength = 136;
    private const int ExtensionHeader = IcmpOffsets.HeaderLength + 128;

    /// <summary>The multi-part extension structure (RFC 4884) with MPLS label stack objects (RFC 4950).</summary>
    private static void PrintExtensions(ReadOnlySpan<byte> icmp, int length, Utf8Builder output)
    {
        if (icmp.Length < ExtensionHeader + 5)
        {
            output.Append(" [|icmp]"u8);
            return;
        }
        int extensionLength = length - ExtensionMinimumLength;
        bool whole = icmp.Length >= ExtensionHeader + extensionLength;
        // Without a length in the ICMP header, only a valid extension checksum shows an extension is there.
        if (icmp[5] == 0 && whole && InternetChecksum.Compute(icmp.Slice(ExtensionHeader, extensionLength)) != 0) return;
        int version = icmp[ExtensionHeader] >> 4;
        output.Append("\n\tICMP Multi-Part extension v"u8).Append(version);
        if (version != 2)
        {
            output.Append(" packet not supported"u8);
            return;
        }
        if (whole)
        {
            bool correct = InternetChecksum.Compute(icmp.Slice(ExtensionHeader, extensionLength)) == 0;
            output.Append(", checksum 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(icmp[(ExtensionHeader + 2)..]), 4)
                .Append(correct ? " (correct), length "u8 : " (incorrect), length "u8).Append(extensionLength);
        }
        int remaining = extensionLength - 4;
        int at = ExtensionHeader + 4;
        while (remaining > 4)
        {
            if (at + 4 > icmp.Length)
            {
                output.Append(" [|icmp]"u8);
                return;
            }
            int objectLength = BinaryPrimitives.ReadUInt16BigEndian(icmp[at..]);
            int classNumber = icmp[at + 2];
            int classType = icmp[at + 3];
            at += 4;
            ReadOnlySpan<byte> name = classNumber switch { 1 => "MPLS Stack Entry"u8, 2 => "Interface Identification"u8, _ => "unknown"u8 };
            output.Append("\n\t  "u8).Append(name).Append(" Object ("u8).Append(classNumber).Append("), Class-Type: "u8)
                .Append(classType).Append(", length "u8).Append(objectLength);
            remaining -= 4;
            // A zero class or a length shorter than the object header would never advance.
            if (classNumber == 0 || objectLength < 4) return;
            objectLength -= 4;
            if (classNumber == 1 && classType == 1)
            {
                if (at + 4 > icmp.Length)
                {
                    output.Append(" [|icmp]"u8);
                    return;
                }
                uint entry = BinaryPrimitives.ReadUInt32BigEndian(icmp[at..]);
                output.Append("\n\t    label "u8).Append(entry >> 12).Append(", tc "u8).Append((entry >> 9) & 7);
                if ((entry & 0x100) != 0) output.Append(", [S]"u8);
                output.Append(", ttl "u8).Append(entry & 0xFF);
            }
            else
            {
                TcpdumpText.AppendHexLines(output, icmp.Slice(at, Math.Max(0, Math.Min(objectLength, icmp.Length - at))), "\n\t    "u8);
            }
            if (remaining < objectLength) break;
            remaining -= objectLength;
            at += objectLength;
        }
    }

    /// <summary>The words between "ICMP " and ", length"; false when the capture ends first.</summary>
    private static bool PrintDescription(ReadOnlySpan<byte> b, Utf8Builder output, bool numericPorts)
    {
        if (b.Length < 2) return false;
        int type = b[0];
        int code = b[1];
        switch ((IcmpType)type)
        {
            case IcmpType.EchoRequest:
            case IcmpType.EchoReply:
                if (b.Length < 8) return false;
                output.Append(type == 8 ? "echo request, id "u8 : "echo reply, id "u8)
                    .Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(", seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..]));
                return true;
            case IcmpType.DestinationUnreachable:
                return PrintUnreachable(b, code, output, numericPorts);
            case IcmpType.Redirect:
            {
                if (b.Length < 8 + 20) return false;
                Ipv4Address target = Ipv4Address.Read(b[(8 + 16)..]);
                Ipv4Address gateway = Ipv4Address.Read(b[4..]);
                switch (code)
                {
                    case 0: output.Append("redirect "u8).Append(target).Append(" to net "u8); break;
                    case 1: output.Append("redirect "u8).Append(target).Append(" to host "u8); break;
                    case 2: output.Append("redirect-tos "u8).Append(target).Append(" to net "u8); break;
                    case 3: output.Append("redirect-tos "u8).Append(target).Append(" to host "u8); break;
                    default: output.Append("redirect-#"u8).Append(code).Append((byte)' ').Append(target).Append(" to "u8); break;
                }
                output.Append(gateway);
                return true;
            }
            case IcmpType.RouterAdvertisement:
                return PrintRouterAdvertisement(b, output);
            case IcmpType.TimeExceeded:
                if (b.Length < 8 + 20) return false;
                switch (code)
                {
                    case 0: output.Append("time exceeded in-transit"u8); break;
                    case 1: output.Append("ip reassembly time exceeded"u8); break;
                    default: output.Append("time exceeded-#"u8).Append(code); break;
                }
                return true;
            case IcmpType.ParameterProblem:
                if (code != 0)
                {
                    output.Append("parameter problem - code "u8).Append(code);
                    return true;
                }
                if (b.Length < 5) return false;
                output.Append("parameter problem - octet "u8).Append((int)b[4]);
                return true;
            case IcmpType.AddressMaskReply:
                if (b.Length < 12) return false;
                output.Append("address mask is 0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(b[8..]), 8);
                return true;
            case IcmpType.TimestampRequest:
                if (b.Length < 8) return false;
                output.Append("time stamp query id "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(" seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..]));
                return true;
            case IcmpType.TimestampReply:
                if (b.Length < 20) return false;
                output.Append("time stamp reply id "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[4..]))
                    .Append(" seq "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[6..])).Append(": org "u8);
                AppendMillisecondsOfDay(output, BinaryPrimitives.ReadUInt32BigEndian(b[8..]));
                output.Append(", recv "u8);
                AppendMillisecondsOfDay(output, BinaryPrimitives.ReadUInt32BigEndian(b[12..]));
                output.Append(", xmit "u8);
                AppendMillisecondsOfDay(output, BinaryPrimitives.ReadUInt32BigEndian(b[16..]));
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
                if (name.IsEmpty) output.Append("type-#"u8).Append(type);
                else output.Append(name);
                return true;
        }
    }

    /// <summary>Destination unreachable, worded from the quoted datagram's destination (and port for code 3).</summary>
    private static bool PrintUnreachable(ReadOnlySpan<byte> b, int code, Utf8Builder output, bool numericPorts)
    {
        const int quoted = IcmpOffsets.HeaderLength;
        if (b.Length < quoted + 20) return false;
        Ipv4Address destination = Ipv4Address.Read(b[(quoted + 16)..]);
        int protocol = b[quoted + 9];
        switch ((IcmpUnreachableCode)code)
        {
            case IcmpUnreachableCode.Protocol:
                output.Append(destination).Append(" protocol "u8).Append(protocol).Append(" unreachable"u8);
                return true;
            case IcmpUnreachableCode.Port:
            {
                int transport = quoted + (b[quoted] & 0x0F) * 4;
                if (transport + 4 > b.Length) return false;
                int port = BinaryPrimitives.ReadUInt16BigEndian(b[(transport + 2)..]);
                output.Append(destination);
                if (protocol is 6 or 17)
                {
                    output.Append(protocol == 6 ? " tcp port "u8 : " udp port "u8);
                    TcpdumpText.AppendPort(output, port, tcp: protocol == 6, numericPorts);
                }
                else output.Append(" protocol "u8).Append(protocol).Append(" port "u8).Append(port);
                output.Append(" unreachable"u8);
                return true;
            }
            case IcmpUnreachableCode.FragmentationNeeded:
            {
                int mtu = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
                output.Append(destination).Append(" unreachable - need to frag"u8);
                if (mtu != 0) output.Append(" (mtu "u8).Append(mtu).Append((byte)')');
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
        if (code > 15) output.Append((byte)'#').Append(code).Append((byte)' ');
        output.Append(scope).Append(destination).Append(" unreachable"u8).Append(reason);
        return true;
    }

    /// <summary>Router advertisement (RFC 1256): lifetime as h:mm:ss, then each address with its preference.</summary>
    private static bool PrintRouterAdvertisement(ReadOnlySpan<byte> b, Utf8Builder output)
    {
        if (b.Length < 8) return false;
        int count = b[IcmpOffsets.AddressCount];
        int entryWords = b[IcmpOffsets.AddressEntrySize];
        int lifetime = BinaryPrimitives.ReadUInt16BigEndian(b[IcmpOffsets.Lifetime..]);
        output.Append("router advertisement lifetime "u8);
        if (lifetime < 60) output.Append(lifetime);
        else if (lifetime < 3600) output.Append(lifetime / 60).Append((byte)':').Append(lifetime % 60, "D2");
        else output.Append(lifetime / 3600).Append((byte)':').Append(lifetime % 3600 / 60, "D2").Append((byte)':').Append(lifetime % 60, "D2");
        output.Append((byte)' ').Append(count).Append((byte)':');
        if (entryWords != 2)
        {
            output.Append(" [size "u8).Append(entryWords).Append((byte)']');
            return true;
        }
        for (int i = 0, at = 8; i < count; i++, at += 8)
        {
            if (at + 8 > b.Length) return false;
            output.Append(" {"u8).Append(Ipv4Address.Read(b[at..])).Append((byte)' ')
                .Append(BinaryPrimitives.ReadUInt32BigEndian(b[(at + 4)..])).Append((byte)'}');
        }
        return true;
    }

    /// <summary>Milliseconds since midnight UT as hh:mm:ss.mmm (hours may exceed 23 for bogus values).</summary>
    private static void AppendMillisecondsOfDay(Utf8Builder output, uint milliseconds)
    {
        uint seconds = milliseconds / 1000;
        uint minutes = seconds / 60;
        uint hours = minutes / 60;
        output.Append(hours, "D2").Append((byte)':').Append(minutes % 60, "D2").Append((byte)':')
            .Append(seconds % 60, "D2").Append((byte)'.').Append(milliseconds % 1000, "D3");
    }
}
