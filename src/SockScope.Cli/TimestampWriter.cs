using SockScope.Wire.Formatting;

namespace SockScope.Cli;

/// <summary>
/// Writes tcpdump's timestamp prefixes (-t family) without allocating. Arithmetic is 64-bit, so
/// stamps after 2038 and after 2106 (pcapng) print correctly. Local times use the TZ of the process.
/// </summary>
internal sealed class TimestampWriter
{
    private const long NanosPerSecond = 1_000_000_000L;
    private const long SecondsPerDay = 86_400;
    // Offsets change on quarter-hour boundaries at the finest, so one lookup serves a 15-minute bucket.
    private const long OffsetBucketSeconds = 900;

    private readonly TimestampStyle _style;
    private readonly bool _nanoseconds;
    private readonly TimeZoneInfo _zone;
    private long _first = long.MinValue;
    private long _previous = long.MinValue;
    private long _cachedBucket = long.MinValue;
    private long _cachedOffsetSeconds;

    public TimestampWriter(TimestampStyle style, bool nanoseconds, TimeZoneInfo? zone = null)
    {
        _style = style;
        _nanoseconds = nanoseconds;
        _zone = zone ?? TimeZoneInfo.Local;
    }

    /// <summary>
    /// Appends the prefix for a packet stamped <paramref name="timestampNanoseconds"/>, trailing space included.
    /// <paramref name="invalidFraction"/> (≥ 0) is an out-of-range sub-second field from the file
    /// (microseconds, or nanoseconds when <paramref name="invalidFractionInNanoseconds"/>); like tcpdump,
    /// its digits are printed as they are, scaled to the printed precision.
    /// </summary>
    public void Write(Utf8Builder output, long timestampNanoseconds, long invalidFraction = -1, bool invalidFractionInNanoseconds = false)
    {
        // tcpdump works on the precision it prints: fractions are truncated first, deltas computed after.
        long units = _nanoseconds ? timestampNanoseconds : FloorDiv(timestampNanoseconds, 1000);
        long perSecond = _nanoseconds ? NanosPerSecond : 1_000_000;
        int digits = _nanoseconds ? 9 : 6;
        if (invalidFraction >= 0 && _style is TimestampStyle.Epoch or TimestampStyle.TimeOfDay or TimestampStyle.Date)
        {
            WriteInvalid(output, FloorDiv(units, perSecond), invalidFractionInNanoseconds == _nanoseconds ? invalidFraction
                : _nanoseconds ? invalidFraction * 1000 : invalidFraction / 1000, digits);
            return;
        }
        switch (_style)
        {
            case TimestampStyle.None:
                return;
            case TimestampStyle.Epoch:
            {
                long seconds = FloorDiv(units, perSecond);
                output.Append(seconds).Append((byte)'.');
                AppendPadded(output, units - seconds * perSecond, digits);
                break;
            }
            case TimestampStyle.TimeOfDay:
            {
                long seconds = FloorDiv(units, perSecond);
                long local = seconds + LocalOffset(seconds);
                AppendClock(output, local - FloorDiv(local, SecondsPerDay) * SecondsPerDay, units - seconds * perSecond, digits);
                break;
            }
            case TimestampStyle.Date:
            {
                long seconds = FloorDiv(units, perSecond);
                long local = seconds + LocalOffset(seconds);
                long days = FloorDiv(local, SecondsPerDay);
                AppendDate(output, days);
                output.Append((byte)' ');
                AppendClock(output, local - days * SecondsPerDay, units - seconds * perSecond, digits);
                break;
            }
            case TimestampStyle.DeltaFromPrevious:
            case TimestampStyle.DeltaFromFirst:
            {
                if (_first == long.MinValue) _first = _previous = units;
                long reference = _style == TimestampStyle.DeltaFromFirst ? _first : _previous;
                _previous = units;
                long delta = units - reference;
                // tcpdump marks a step back in time with '-' where the space would be, and prints the
                // clock of the absolute difference (whole days drop out).
                output.Append(delta < 0 ? (byte)'-' : (byte)' ');
                ulong magnitude = delta < 0 ? (ulong)-delta : (ulong)delta;
                long seconds = (long)(magnitude / (ulong)perSecond);
                AppendClock(output, seconds % SecondsPerDay, (long)(magnitude % (ulong)perSecond), digits);
                break;
            }
        }
        output.Append((byte)' ');
    }

    private void WriteInvalid(Utf8Builder output, long seconds, long fraction, int digits)
    {
        if (_style == TimestampStyle.Epoch)
        {
            output.Append(seconds).Append((byte)'.');
            AppendPadded(output, fraction, digits);
        }
        else
        {
            long local = seconds + LocalOffset(seconds);
            long days = FloorDiv(local, SecondsPerDay);
            if (_style == TimestampStyle.Date)
            {
                AppendDate(output, days);
                output.Append((byte)' ');
            }
            AppendClock(output, local - days * SecondsPerDay, fraction, digits);
        }
        output.Append((byte)' ');
    }

    private long LocalOffset(long utcSeconds)
    {
        long bucket = FloorDiv(utcSeconds, OffsetBucketSeconds);
        if (bucket != _cachedBucket)
        {
            _cachedBucket = bucket;
            _cachedOffsetSeconds = 0;
            // DateTime covers years 1 to 9999; outside that, print UTC.
            long clamped = bucket * OffsetBucketSeconds;
            if (clamped > -62_135_596_800L && clamped < 253_402_300_799L)
            {
                DateTime utc = DateTime.UnixEpoch.AddSeconds(clamped);
                _cachedOffsetSeconds = (long)_zone.GetUtcOffset(utc).TotalSeconds;
            }
        }
        return _cachedOffsetSeconds;
    }

    private static void AppendClock(Utf8Builder output, long secondOfDay, long fraction, int digits)
    {
        AppendPadded(output, secondOfDay / 3600, 2);
        output.Append((byte)':');
        AppendPadded(output, secondOfDay / 60 % 60, 2);
        output.Append((byte)':');
        AppendPadded(output, secondOfDay % 60, 2);
        output.Append((byte)'.');
        AppendPadded(output, fraction, digits);
    }

    /// <summary>Civil date from days since 1970-01-01 (proleptic Gregorian, any year).</summary>
    private static void AppendDate(Utf8Builder output, long daysSinceEpoch)
    {
        long z = daysSinceEpoch + 719_468;
        long era = FloorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        AppendPadded(output, year, 4);
        output.Append((byte)'-');
        AppendPadded(output, month, 2);
        output.Append((byte)'-');
        AppendPadded(output, day, 2);
    }

    private static void AppendPadded(Utf8Builder output, long value, int width)
    {
        if (value < 0)
        {
            output.Append((byte)'-');
            value = -value;
        }
        Span<byte> span = output.GetSpan(20);
        int length = 0;
        for (long rest = value; rest > 0; rest /= 10) length++;
        length = Math.Max(length, width);
        for (int i = length - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + value % 10);
            value /= 10;
        }
        output.Advance(length);
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
