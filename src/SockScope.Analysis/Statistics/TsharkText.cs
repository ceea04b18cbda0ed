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
        // .NET prints the exact decimal expansion for large precisions; round that by hand.
        const int Extra = 40;
        string exact = value.ToString("F" + (decimals + Extra).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        bool negative = exact.StartsWith('-');
        if (negative) exact = exact[1..];
        int dot = exact.IndexOf('.');
        string digits = exact.Remove(dot, 1);                     // all digits, no point
        int keep = dot + decimals;                                  // digits kept
        char first = digits[keep];
        bool restZero = digits.AsSpan(keep + 1).IndexOfAnyExcept('0') < 0;
        bool roundUp = first > '5' || (first == '5' && (!restZero || ((digits[keep - 1] - '0') & 1) == 1));
        char[] kept = digits[..keep].ToCharArray();
        if (roundUp)
        {
            int i = kept.Length - 1;
            while (i >= 0 && kept[i] == '9') kept[i--] = '0';
            if (i >= 0) kept[i]++;
            else
            {
                kept = ['1', .. kept];
                dot++;
            }
        }
        string whole = new(kept, 0, dot);
        string result = decimals == 0 ? whole : whole + "." + new string(kept, dot, decimals);
        // glibc keeps the sign of a negative value that rounds to zero ("-0.0000").
        return negative ? "-" + result : result;
    }

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
