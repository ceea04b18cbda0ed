using System.Buffers.Binary;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Formatting;

// TCP as tcpdump 4.99 prints it: ports, flags, checksum (-v), relative sequence numbers,
// options, length, then the payload printers tcpdump picks by port (DNS, HTTP).
public sealed partial class TcpdumpPrinter
{
    private const int RstDataShown = 30;
    private TcpSequenceTracker? _sequences;

    /// <summary>Forgets the TCP conversations seen so far (start of a new capture).</summary>
    public void ResetConversations() => _sequences?.Clear();

    private void PrintTcp(ReadOnlySpan<byte> b, long length, in IpInfo ip, bool fragmented, bool directlyAfterIpHeader)
    {
        if (b.Length < TcpOffsets.MinHeaderLength)
        {
            PrintShortTcp(b, ip, directlyAfterIpHeader);
            return;
        }
        // The printer checks the data offset itself: tcpdump prints a bad one, and options cut short.
        TcpSegment tcp = TcpSegment.FromCheckedFixedHeader(b);
        ushort sourcePort = tcp.SourcePort;
        ushort destinationPort = tcp.DestinationPort;
        AppendEndpoints(ip, sourcePort, destinationPort, directlyAfterIpHeader, tcp: true);
        int headerLength = tcp.HeaderLength;
        if (headerLength < TcpOffsets.MinHeaderLength)
        {
            _out.Append(" tcp "u8).Append((uint)(length - headerLength)).Append(" [bad hdr length "u8).Append(headerLength)
                .Append(" - too short, < 20]"u8);
            return;
        }
        uint sequence = tcp.SequenceNumber;
        uint acknowledgment = tcp.AcknowledgmentNumber;
        if (_options.Quiet)
        {
            _out.Append("tcp "u8).Append((uint)(length - headerLength));
            if (headerLength > length) _out.Append(" [bad hdr length "u8).Append(headerLength).Append(" - too long, > "u8).Append(length).Append(']');
            return;
        }
        // The eight classic flags; tcpdump does not print the AE bit.
        int flags = (int)tcp.Flags & 0xFF;
        _out.Append("Flags ["u8);
        if (flags == 0) _out.Append("none"u8);
        else
        {
            ReadOnlySpan<byte> letters = "FSRP.UEW"u8;
            for (int bit = 0; bit < 8; bit++)
                if ((flags & (1 << bit)) != 0) _out.Append(letters[bit]);
        }
        _out.Append(']');

        uint initialSequence = 0, initialAcknowledgment = 0;
        bool reverse = false;
        if ((flags & (int)TcpFlags.Ack) != 0 && !_options.AbsoluteTcpSequence)
        {
            _sequences ??= new TcpSequenceTracker();
            TcpSequenceTracker.Initial initial = _sequences.Track(ip, sourcePort, destinationPort, sequence, acknowledgment,
                (flags & (int)TcpFlags.Syn) != 0, out reverse, out bool known);
            if (known)
            {
                if (reverse)
                {
                    sequence -= initial.Acknowledgment;
                    acknowledgment -= initial.Sequence;
                }
                else
                {
                    sequence -= initial.Sequence;
                    acknowledgment -= initial.Acknowledgment;
                }
            }
            (initialSequence, initialAcknowledgment) = (initial.Sequence, initial.Acknowledgment);
        }
        if (headerLength > length)
        {
            _out.Append(" [bad hdr length "u8).Append(headerLength).Append(" - too long, > "u8).Append(length).Append(']');
            return;
        }
        if (_options.Verbosity > 0 && _options.VerifyChecksums && !fragmented && b.Length >= length)
        {
            ReadOnlySpan<byte> segment = b[..(int)length];
            ushort carried = tcp.Checksum;
            _out.Append(", cksum 0x"u8).AppendHex(carried, 4);
            if (TransportChecksum(ip, IpProtocol.Tcp, segment, TcpOffsets.Checksum, out ushort expected)) _out.Append(" (correct)"u8);
            else _out.Append(" (incorrect -> 0x"u8).AppendHex(expected, 4).Append(')');
        }
        long dataLength = length - headerLength;
        if (_options.Verbosity > 1 || dataLength > 0 || (flags & (int)(TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) != 0)
        {
            _out.Append(", seq "u8).Append(sequence);
            if (dataLength > 0) _out.Append(':').Append((uint)(sequence + dataLength));
        }
        if ((flags & (int)TcpFlags.Ack) != 0) _out.Append(", ack "u8).Append(acknowledgment);
        _out.Append(", win "u8).Append(tcp.Window);
        if ((flags & (int)TcpFlags.Urg) != 0) _out.Append(", urg "u8).Append(tcp.UrgentPointer);
        if (headerLength > TcpOffsets.MinHeaderLength)
        {
            _out.Append(", options ["u8);
            ReadOnlySpan<byte> captured = b[TcpOffsets.Options..Math.Min(headerLength, b.Length)];
            switch (PrintTcpOptions(captured, headerLength - TcpOffsets.MinHeaderLength, reverse, initialSequence, initialAcknowledgment))
            {
                case OptionResult.Truncated:
                    _out.Append(" [|tcp]"u8);
                    return;
                case OptionResult.Bad:
                    return;
            }
            _out.Append(']');
        }
        _out.Append(", length "u8).Append(dataLength);
        if (b.Length < headerLength)
        {
            _out.Append(" [remaining caplen("u8).Append(b.Length).Append(") < header length("u8).Append(headerLength).Append(")] [|tcp]"u8);
            return;
        }
        if (dataLength <= 0) return;
        ReadOnlySpan<byte> payload = b[headerLength..(int)Math.Min(length, b.Length)];
        if ((flags & (int)TcpFlags.Rst) != 0 && _options.Verbosity > 0)
        {
            PrintTcpResetData(payload, dataLength);
            return;
        }
        if (IsPort(80) || IsPort(8080))
        {
            _out.Append(": "u8);
            PrintHttp(payload, dataLength);
        }
        else if (IsPort(53))
        {
            DnsPrinter.Print(payload, dataLength, _out, DnsPrintContext.From(_options) with { OverTcp = true });
        }

        bool IsPort(int port) => sourcePort == port || destinationPort == port;
    }

    /// <summary>
    /// Fewer than the 20 fixed header bytes captured: tcpdump prints the ports when it has them,
    /// read in place at the header's offsets.
    /// </summary>
    private void PrintShortTcp(ReadOnlySpan<byte> b, in IpInfo ip, bool directlyAfterIpHeader)
    {
        if (b.Length < TcpOffsets.DestinationPort + 2)
        {
            AppendIpAddresses(ip).Append(':').Append(" [|tcp]"u8);
            return;
        }
        ushort sourcePort = BinaryPrimitives.ReadUInt16BigEndian(b[TcpOffsets.SourcePort..]);
        ushort destinationPort = BinaryPrimitives.ReadUInt16BigEndian(b[TcpOffsets.DestinationPort..]);
        AppendEndpoints(ip, sourcePort, destinationPort, directlyAfterIpHeader, tcp: true);
        _out.Append(" [|tcp]"u8);
    }

    private enum OptionResult { Ok, Truncated, Bad }

    /// <summary>
    /// The data length of the options whose data is checked whole before anything of it is printed
    /// (longer than the options left: "[bad opt]"; past the capture: truncated); -1 for the options
    /// that check their data as they go (sack, tcp-ao, experimental, unknown) or have none.
    /// </summary>
    private static int CheckedTcpOptionDataLength(int kind, int length) => kind switch
    {
        2 or 20 or 28 => 2,                 // mss, scps, user timeout
        3 => 1,                             // wscale
        6 or 7 or 11 or 12 or 13 => 4,      // echo, echoreply, cc, ccnew, ccecho
        8 => 8,                             // timestamps
        19 => 16,                           // md5 signature
        34 => length - 2,                   // tfo: all of it
        _ => -1,
    };

    /// <summary>tcpdump's option list; Bad after "[bad opt]" (already closed), Truncated when the capture ends inside.</summary>
    private OptionResult PrintTcpOptions(ReadOnlySpan<byte> captured, int optionsLength, bool reverse, uint initialSequence, uint initialAcknowledgment)
    {
        int at = 0;
        int left = optionsLength;
        bool first = true;
        while (left > 0)
        {
            if (!first) _out.Append(',');
            if (at >= captured.Length) return OptionResult.Truncated;
            int kind = captured[at++];
            int length;
            if (kind is 0 or 1) length = 1;
            else
            {
                if (at >= captured.Length) return OptionResult.Truncated;
                length = captured[at++];
                if (length < 2 || length > left) return BadOption(first);
                left--;
            }
            left--;
            first = false;
            AppendTcpOptionName(kind);
            int dataLength = CheckedTcpOptionDataLength(kind, length);
            if (dataLength >= 0)
            {
                if (dataLength > left) return BadOption(false);
                if (at + dataLength > captured.Length) return OptionResult.Truncated;
            }
            else dataLength = 0;
            switch (kind)
            {
                case 2: // mss
                    _out.Append(' ').Append(BinaryPrimitives.ReadUInt16BigEndian(captured[at..]));
                    break;
                case 3: // wscale
                    _out.Append(' ').Append((int)captured[at]);
                    break;
                case 5: // sack
                    dataLength = length - 2;
                    if (dataLength % 8 != 0) _out.Append(" invalid sack"u8);
                    else
                    {
                        _out.Append(' ').Append(dataLength / 8).Append(' ');
                        for (int i = 0; i < dataLength; i += 8)
                        {
                            if (i + 8 > left) return BadOption(false);
                            if (at + i + 8 > captured.Length) return OptionResult.Truncated;
                            uint start = BinaryPrimitives.ReadUInt32BigEndian(captured[(at + i)..]);
                            uint end = BinaryPrimitives.ReadUInt32BigEndian(captured[(at + i + 4)..]);
                            uint bas = reverse ? initialSequence : initialAcknowledgment;
                            _out.Append('{').Append(start - bas).Append(':').Append(end - bas).Append('}');
                        }
                    }
                    break;
                case 6: // echo
                case 7: // echoreply
                case 11: // cc
                case 12: // ccnew
                case 13: // ccecho
                    _out.Append(' ').Append(BinaryPrimitives.ReadUInt32BigEndian(captured[at..]));
                    break;
                case 8: // timestamps
                    _out.Append(" val "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(captured[at..]))
                        .Append(" ecr "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(captured[(at + 4)..]));
                    break;
                case 19: // md5 signature (RFC 2385); tcpdump cannot check it without the -M secret
                    _out.Append(" shared secret not supplied with -M, can't check - "u8);
                    for (int i = 0; i < dataLength; i++) _out.AppendHex(captured[at + i], 2);
                    break;
                case 20: // scps
                    _out.Append(" cap "u8).AppendHex(captured[at], 2).Append(" id "u8).Append((int)captured[at + 1]);
                    break;
                case 28: // user timeout
                {
                    int value = BinaryPrimitives.ReadUInt16BigEndian(captured[at..]);
                    _out.Append(" 0x"u8).AppendHex((uint)value);
                    value = (value & 1) != 0 ? (value >> 1) * 60 : value >> 1;
                    _out.Append(' ').Append(value);
                    break;
                }
                case 29: // tcp-ao
                    dataLength = length - 2;
                    if (dataLength > left) return BadOption(false);
                    if (length < 4)
                    {
                        _out.Append(" invalid"u8);
                        break;
                    }
                    if (at + 2 > captured.Length) return OptionResult.Truncated;
                    _out.Append(" keyid "u8).Append((int)captured[at]).Append(" rnextkeyid "u8).Append((int)captured[at + 1]);
                    if (length > 4)
                    {
                        _out.Append(" mac 0x"u8);
                        for (int i = 2; i < dataLength; i++)
                        {
                            if (at + i >= captured.Length) return OptionResult.Truncated;
                            _out.AppendHex(captured[at + i], 2);
                        }
                    }
                    break;
                case 34: // tfo
                    _out.Append(' ');
                    AppendFastOpen(captured.Slice(at, dataLength), experimental: false);
                    break;
                case 254: // experimental, RFC 6994 magic
                    dataLength = length - 2;
                    if (dataLength > left) return BadOption(false);
                    if (dataLength < 2) return BadOption(false);
                    if (at + dataLength > captured.Length) return OptionResult.Truncated;
                    int magic = BinaryPrimitives.ReadUInt16BigEndian(captured[at..]);
                    _out.Append('-');
                    if (magic == 0xF989) AppendFastOpen(captured.Slice(at + 2, dataLength - 2), experimental: true);
                    else _out.AppendHex((uint)magic, 4);
                    break;
                case 0:
                case 1:
                    break;
                default:
                    dataLength = length - 2;
                    if (dataLength > 0) _out.Append(" 0x"u8);
                    for (int i = 0; i < dataLength; i++)
                    {
                        if (i + 1 > left) return BadOption(false);
                        if (at + i >= captured.Length) return OptionResult.Truncated;
                        _out.AppendHex(captured[at + i], 2);
                    }
                    break;
            }
            at += dataLength;
            left -= dataLength;
            int expectedLength = dataLength + 1 + (kind is 0 or 1 ? 0 : 1);
            if (expectedLength != length) _out.Append("[len "u8).Append(length).Append(']');
            if (kind == 0) break;
        }
        return OptionResult.Ok;
    }

    private OptionResult BadOption(bool beforeAnyOption)
    {
        _out.Append("[bad opt]"u8);
        if (!beforeAnyOption) _out.Append(']');
        return OptionResult.Bad;
    }

    private void AppendTcpOptionName(int kind)
    {
        ReadOnlySpan<byte> name = kind switch
        {
            0 => "eol"u8,
            1 => "nop"u8,
            2 => "mss"u8,
            3 => "wscale"u8,
            4 => "sackOK"u8,
            5 => "sack"u8,
            6 => "echo"u8,
            7 => "echoreply"u8,
            8 => "TS"u8,
            11 => "cc"u8,
            12 => "ccnew"u8,
            13 => ""u8,
            19 => "md5"u8,
            20 => "scps"u8,
            27 => "qs"u8,
            28 => "uto"u8,
            29 => "tcp-ao"u8,
            30 => "mptcp"u8,
            34 => "tfo"u8,
            254 => "exp"u8,
            _ => default,
        };
        if (kind == 13 || !name.IsEmpty) _out.Append(name);
        else _out.Append("unknown-"u8).Append(kind);
    }

    private void AppendFastOpen(ReadOnlySpan<byte> cookie, bool experimental)
    {
        if (experimental) _out.Append("tfo"u8);
        if (cookie.Length == 0) _out.Append(" cookiereq"u8);
        else if (cookie.Length % 2 != 0 || cookie.Length < 4 || cookie.Length > 16) _out.Append(" (invalid)"u8);
        else
        {
            _out.Append(" cookie "u8);
            foreach (byte x in cookie) _out.AppendHex(x, 2);
        }
    }

    /// <summary>The text some stacks put in a RST (shown with -v), at most 30 characters.</summary>
    private void PrintTcpResetData(ReadOnlySpan<byte> payload, long length)
    {
        // "!" marks reset data that was not captured in full.
        _out.Append(payload.Length >= length ? " [RST"u8 : " [!RST"u8);
        if (length > RstDataShown)
        {
            _out.Append('+');
            length = RstDataShown;
        }
        _out.Append(' ');
        int shown = (int)Math.Min(length, payload.Length);
        for (int i = 0; i < shown; i++) AppendPrintableChar(payload[i]);
        _out.Append(']');
    }

    /// <summary>tcpdump's character escapes: M- for the high bit, ^ for control characters.</summary>
    private void AppendPrintableChar(byte c)
    {
        if (c >= 0x80)
        {
            _out.Append("M-"u8);
            c &= 0x7F;
        }
        if (c < 0x20 || c == 0x7F) _out.Append('^').Append((byte)(c ^ 0x40));
        else _out.Append(c);
    }

    /// <summary>
    /// Verifies a TCP/UDP checksum over the IPv4 or IPv6 pseudo-header; <paramref name="expected"/>
    /// is the value the field should hold (the sum taken with the field as zero).
    /// </summary>
    private static bool TransportChecksum(in IpInfo ip, IpProtocol protocol, ReadOnlySpan<byte> segment, int checksumOffset, out ushort expected)
    {
        ulong pseudo = ip.IsIpv6
            ? InternetChecksum.PseudoHeaderSum(ip.Source6, ip.Destination6, protocol, segment.Length)
            : InternetChecksum.PseudoHeaderSum(ip.Source4, ip.Destination4, protocol, segment.Length);
        ulong without = InternetChecksum.Accumulate(pseudo, segment[..checksumOffset]);
        without = InternetChecksum.Accumulate(without, segment[(checksumOffset + 2)..]);
        expected = InternetChecksum.Finish(without);
        ulong with = InternetChecksum.Accumulate(pseudo, segment);
        return InternetChecksum.Finish(with) == 0;
    }

    private Utf8Builder AppendIpAddresses(in IpInfo ip) => ip.IsIpv6
        ? _out.Append(ip.Source6).Append(" > "u8).Append(ip.Destination6)
        : _out.Append(ip.Source4).Append(" > "u8).Append(ip.Destination4);

    /// <summary>"a.port > b.port: ", or only the ports after IPv6 extension headers.</summary>
    private void AppendEndpoints(in IpInfo ip, ushort sourcePort, ushort destinationPort, bool withAddresses, bool tcp)
    {
        if (withAddresses)
        {
            if (ip.IsIpv6) _out.Append(ip.Source6); else _out.Append(ip.Source4);
            _out.Append('.');
        }
        AppendPort(sourcePort, tcp);
        _out.Append(" > "u8);
        if (withAddresses)
        {
            if (ip.IsIpv6) _out.Append(ip.Destination6); else _out.Append(ip.Destination4);
            _out.Append('.');
        }
        AppendPort(destinationPort, tcp);
        _out.Append(": "u8);
    }

    private void AppendPort(ushort port, bool tcp) => TcpdumpText.AppendPort(_out, port, tcp, _options.NumericPorts);
}
