using System.Globalization;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// The few printf behaviours tshark's statistics output depends on, done exactly: fixed-point
/// with C's rounding of the exact binary value (ties to even; .NET rounds exact ties away from
/// zero), and Wireshark's size text ("520 bytes", "12 kB").
/// </summary>
public static class TsharkText
{
    /// <summary>printf("%.{decimals}f", value) as glibc prints it.</summary>
    public static string Fixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        return TryFixedExactly(value, decimals) ?? FixedFromExpansion(value, decimals);
    }

    // 10^0 .. 10^19: the decimal scales the exact fast path handles.
    private static readonly ulong[] PowersOfTen = Enumerable.Range(0, 20).Select(n => (ulong)Math.Pow(10, n)).ToArray();

    /// <summary>
    /// The fast path of <see cref="Fixed"/>: the double is mantissa × 2^exponent, so value × 10^decimals
    /// is mantissa × 10^decimals (below 2^117 for up to 19 decimals) shifted by the exponent, in 128-bit
    /// integers, and rounded from the bits shifted out, ties to even. Null where it does not apply
    /// (not finite, too many decimals, a value too large for the shift).
    /// </summary>
    private static string? TryFixedExactly(double value, int decimals)
    {
        if (!double.IsFinite(value) || decimals >= PowersOfTen.Length) return null;
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int biased = (int)((bits >> 52) & 0x7FF);
        ulong mantissa = (ulong)bits & 0xF_FFFF_FFFF_FFFFUL;
        if (biased != 0) mantissa |= 1UL << 52;
        int exponent = (biased == 0 ? 1 : biased) - 1075;         // value = mantissa × 2^exponent
        UInt128 scaled = (UInt128)mantissa * PowersOfTen[decimals];
        UInt128 rounded;
        if (exponent >= 0)
        {
            if (exponent > 10) return null;                       // beyond 2^127: leave it to the expansion
            rounded = scaled << exponent;
        }
        else
        {
            int shift = -exponent;
            if (shift >= 128) rounded = 0;                         // below 2^-11: rounds to zero, and is no tie
            else
            {
                rounded = scaled >> shift;
                UInt128 dropped = scaled - (rounded << shift);
                UInt128 half = UInt128.One << (shift - 1);
                if (dropped > half || (dropped == half && (rounded & 1) == 1)) rounded++;
            }
        }
        UInt128 scale = PowersOfTen[decimals];
        string integer = (rounded / scale).ToString(CultureInfo.InvariantCulture);
        // glibc keeps the sign of a negative value that rounds to zero ("-0.0000").
        string sign = negative ? "-" : "";
        if (decimals == 0) return sign + integer;
        string fraction = ((ulong)(rounded % scale)).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return string.Concat(sign, integer, ".", fraction);
    }

    /// <summary>The general path of <see cref="Fixed"/>: .NET's exact decimal expansion, rounded by hand.</summary>
    private static string FixedFromExpansion(double value, int decimals)
    {
        // .NET prints the exact decimal expansion for large precisions; round that by hand. Spans,
        // not strings: a conversation table calls this twice per row.
        const int Extra = 40;
        string format = decimals < ExactFormats.Length ? ExactFormats[decimals] : "F" + (decimals + Extra).ToString(CultureInfo.InvariantCulture);
        Span<char> exact = stackalloc char[128];
        int length;
        while (!value.TryFormat(exact, out length, format, CultureInfo.InvariantCulture)) exact = new char[exact.Length * 4];
        exact = exact[..length];
        bool negative = exact[0] == '-';
        if (negative) exact = exact[1..];
        int dot = exact.IndexOf('.');
        // The digits kept (integer part and decimals, no point), with one slot in front for a carry.
        Span<char> kept = dot + decimals + 1 <= 128 ? stackalloc char[dot + decimals + 1] : new char[dot + decimals + 1];
        kept[0] = '0';
        exact[..dot].CopyTo(kept[1..]);
        exact.Slice(dot + 1, decimals).CopyTo(kept[(1 + dot)..]);
        ReadOnlySpan<char> rest = exact[(dot + 1 + decimals)..];   // the digits dropped
        char first = rest[0];
        bool restZero = rest[1..].IndexOfAnyExcept('0') < 0;
        bool roundUp = first > '5' || (first == '5' && (!restZero || ((kept[^1] - '0') & 1) == 1));
        if (roundUp)
        {
            int i = kept.Length - 1;
            while (kept[i] == '9') kept[i--] = '0';
            kept[i]++;
        }
        int integerDigits = dot;
        if (kept[0] == '0') kept = kept[1..];
        else integerDigits++;                                      // the carry added a digit
        // glibc keeps the sign of a negative value that rounds to zero ("-0.0000").
        int textLength = (negative ? 1 : 0) + kept.Length + (decimals > 0 ? 1 : 0);
        Span<char> text = textLength <= 128 ? stackalloc char[textLength] : new char[textLength];
        int at = 0;
        if (negative) text[at++] = '-';
        kept[..integerDigits].CopyTo(text[at..]);
        at += integerDigits;
        if (decimals > 0)
        {
            text[at++] = '.';
            kept[integerDigits..].CopyTo(text[at..]);
        }
        return new string(text);
    }

    // "F40" .. "F55": the exact-expansion formats of Fixed for 0 to 15 decimals, made once.
    private static readonly string[] ExactFormats = Enumerable.Range(0, 16).Select(d => "F" + (d + 40).ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Wireshark's format_size(size, bytes unit, SI prefixes): "9999 bytes", "10 kB", "10 MB".</summary>
    public static string Size(long size)
    {
        const long Power = 1000;
        if (size / Power / Power / Power / Power >= 10) return (size / Power / Power / Power / Power).ToString(CultureInfo.InvariantCulture) + " TB";
        if (size / Power / Power / Power >= 10) return (size / Power / Power / Power).ToString(CultureInfo.InvariantCulture) + " GB";
        if (size / Power / Power >= 10) return (size / Power / Power).ToString(CultureInfo.InvariantCulture) + " MB";
        if (size / Power >= 10) return (size / Power).ToString(CultureInfo.InvariantCulture) + " kB";
        return size.ToString(CultureInfo.InvariantCulture) + " bytes";
    }

    /// <summary>Wireshark's nstime_to_sec of a relative time: seconds and nanoseconds (same sign) added as doubles.</summary>
    public static double Seconds(long nanoseconds)
    {
        long secs = nanoseconds / 1_000_000_000;
        long nsecs = nanoseconds % 1_000_000_000;
        return secs + nsecs / 1_000_000_000.0;
    }

    /// <summary>printf("%-{width}s"): left-aligned, padded with spaces, never cut.</summary>
    public static string Left(string text, int width) => text.Length >= width ? text : text.PadRight(width);

    /// <summary>printf("%{width}s"/"%{width}u"): right-aligned, padded with spaces, never cut.</summary>
    public static string Right(string text, int width) => text.Length >= width ? text : text.PadLeft(width);

    /// <summary>printf("%{width}u") of a number.</summary>
    public static string Right(long value, int width) => Right(value.ToString(CultureInfo.InvariantCulture), width);
}
