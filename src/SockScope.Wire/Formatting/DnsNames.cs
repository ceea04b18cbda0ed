using SockScope.Wire.Dns;

namespace SockScope.Wire.Formatting;

// DNS names as tcpdump 4.99 reads and prints them. Static, with the output passed in, because the
// ICMPv6 node information printer prints names the same way. Offsets are ints into the message;
// -1 (NoBytes) means "ran out of captured bytes".
internal static class DnsNames
{
    /// <summary>Returned instead of an offset when the capture ends (or a name is bad).</summary>
    public const int NoBytes = -1;

    /// <summary>tcpdump's quick skip: stops at the first pointer without following it; -1 when the capture ends or a label type is reserved.</summary>
    public static int Skip(ReadOnlySpan<byte> m, int at)
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
    public static int Print(Utf8Builder output, ReadOnlySpan<byte> m, int at)
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
                    if (rootOnly) output.Append((byte)'.');
                    if (chars > DnsOffsets.MaxNameLength) output.Append("<DOMAIN NAME TOO LONG>"u8);
                    return walker.End;
                case DnsNameStep.Label:
                {
                    int declared = walker.DeclaredLength;
                    if (chars + declared <= DnsOffsets.MaxNameLength)
                    {
                        TcpdumpText.AppendPrintable(output, label);
                        if (!walker.LabelComplete) return NoBytes;
                    }
                    else if (chars < DnsOffsets.MaxNameLength)
                    {
                        int room = DnsOffsets.MaxNameLength - chars;
                        TcpdumpText.AppendPrintable(output, label[..Math.Min(room, label.Length)]);
                        if (label.Length < room) return NoBytes;
                    }
                    chars += declared;
                    if (chars <= DnsOffsets.MaxNameLength) output.Append((byte)'.');
                    chars++;
                    break;
                }
                case DnsNameStep.BitLabel:
                {
                    // "\[x<hex of the bits>/<count>]": whole bytes as two digits, a last partial byte as one or two.
                    if (!walker.LabelComplete) return NoBytes;
                    int bits = label[0] == 0 ? 256 : label[0];
                    output.Append("\\[x"u8);
                    int whole = bits / 8;
                    for (int i = 0; i < whole; i++) output.AppendHex(label[1 + i], 2);
                    int rest = bits % 8;
                    if (rest > 0)
                    {
                        int last = label[1 + whole] & (0xFF << (8 - rest)) & 0xFF;
                        if (rest <= 4) output.AppendHex((uint)(last >> 4), 1);
                        else output.AppendHex((uint)last, 2);
                    }
                    output.Append((byte)'/').Append(bits).Append((byte)']');
                    if (chars <= DnsOffsets.MaxNameLength) output.Append((byte)'.');
                    chars++;
                    break;
                }
                case DnsNameStep.BadPointer:
                    output.Append("<BAD PTR>"u8);
                    return NoBytes;
                case DnsNameStep.BadLabel:
                    output.Append("<BAD LABEL TYPE>"u8);
                    return NoBytes;
                case DnsNameStep.ExtendedLabel:
                    output.Append("<ELT "u8).Append(walker.ExtendedLabelType).Append((byte)'>');
                    return NoBytes;
                default:
                    return NoBytes;
            }
        }
    }
}
