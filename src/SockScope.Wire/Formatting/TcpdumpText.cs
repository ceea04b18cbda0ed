namespace SockScope.Wire.Formatting;

// Text forms tcpdump uses in several protocols (DNS names and TXT data, ICMPv6 node names, IGMP
// and DNS times), kept apart from any one printer so DnsPrinter and TcpdumpPrinter share them.
internal static class TcpdumpText
{
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
}
