namespace SockScope.Wire.Formatting;

// Text forms tcpdump uses in several protocols (DNS names and TXT data, ICMPv6 node names, IGMP
// and DNS times, hex lines, checksum verdicts), kept apart from any one printer so the protocol
// printers (DnsPrinter, IcmpPrinter, ...) and TcpdumpPrinter share them.
internal static class TcpdumpText
{
    /// <summary>A TCP or UDP port as tcpdump prints it: its service name unless <c>-n</c> asked for numbers (or it has none).</summary>
    public static void AppendPort(Utf8Builder output, int port, bool tcp, bool numericPorts)
    {
        ReadOnlySpan<byte> name = numericPorts ? default : tcp ? TcpdumpNames.TcpPort(port) : TcpdumpNames.UdpPort(port);
        if (name.IsEmpty) output.Append(port);
        else output.Append(name);
    }

    private static readonly uint[] RelativeTimeUnits = [31536000, 604800, 86400, 3600, 60, 1];

    /// <summary>Prints bytes as tcpdump prints untrusted text: "M-" for the high bit, "^X" for control characters.</summary>
    public static void AppendPrintable(Utf8Builder output, ReadOnlySpan<byte> text)
    {
        foreach (byte raw in text)
        {
            int c = raw;
            if (c > 0x7F)
            {
                output.Append("M-"u8);
                c &= 0x7F;
            }
            if (c < 0x20 || c == 0x7F) output.Append((byte)'^').Append((byte)(c ^ 0x40));
            else output.Append((byte)c);
        }
    }

    /// <summary>tcpdump's relative time: "1d2h3m4s", with weeks and years, "0s" for zero.</summary>
    public static void AppendRelativeTime(Utf8Builder output, uint seconds)
    {
        if (seconds == 0)
        {
            output.Append("0s"u8);
            return;
        }
        ReadOnlySpan<byte> suffixes = "ywdhms"u8;
        for (int i = 0; i < RelativeTimeUnits.Length && seconds > 0; i++)
        {
            uint unit = RelativeTimeUnits[i];
            if (seconds < unit) continue;
            output.Append(seconds / unit).Append(suffixes[i]);
            seconds %= unit;
        }
    }

    /// <summary>tcpdump's hex_print: lines of "prefix0xOOOO: " and 16 bytes in groups of two.</summary>
    public static void AppendHexLines(Utf8Builder output, ReadOnlySpan<byte> data, ReadOnlySpan<byte> prefix)
    {
        for (int line = 0; line < data.Length; line += 16)
        {
            output.Append(prefix).Append("0x"u8).AppendHex((uint)line, 4).Append(": "u8);
            int end = Math.Min(line + 16, data.Length);
            for (int i = line; i < end; i += 2)
            {
                output.Append((byte)' ').AppendHex(data[i], 2);
                if (i + 1 < end) output.AppendHex(data[i + 1], 2);
            }
        }
    }

    /// <summary>
    /// The checksum the field should hold, from the field and the checksum computed over the data with
    /// the field in place (RFC 1624 arithmetic: adding them cancels the field's contribution).
    /// </summary>
    public static ushort ChecksumShouldBe(ushort field, ushort computed)
    {
        uint sum = (uint)field + computed;
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)((sum & 0xFFFF) + (sum >> 16));
    }

    /// <summary>Link-layer addresses of any size as colon-separated hex bytes ("&lt;empty&gt;" for none).</summary>
    public static void AppendLinkAddress(Utf8Builder output, ReadOnlySpan<byte> address)
    {
        if (address.IsEmpty)
        {
            output.Append("<empty>"u8);
            return;
        }
        for (int i = 0; i < address.Length; i++)
        {
            if (i > 0) output.Append(':');
            output.AppendHex(address[i], 2);
        }
    }
}
