namespace SockScope.Wire.Formatting;

/// <summary>
/// Writes tcpdump's timestamp prefixes (the <c>-t</c> family, micro- or nanosecond precision)
/// without allocating. Arithmetic is 64-bit, so stamps after 2038 and after 2106 (pcapng) print
/// correctly. The delta styles (<c>-ttt</c>, <c>-ttttt</c>) remember the first and previous packet
/// in the instance: use one writer per packet stream.
/// </summary>
public sealed class TcpdumpTimestampWriter
{
    private const long NanosPerSecond = 1_000_000_000L;
    private const long SecondsPerDay = 86_400;
    // Offsets change on quarter-hour boundaries at the finest, so one lookup serves a 15-minute bucket.
    private const long OffsetBucketSeconds = 900;

    private readonly bool _nanoseconds;
    private long _first = long.MinValue;
    private long _previous = long.MinValue;
    private long _cachedBucket = long.MinValue;
    private long _cachedOffsetSeconds;

    /// <summary>A writer for one stream of packets.</summary>
    /// <param name="style">Which prefix to write.</param>
    /// <param name="precision">Six or nine fractional digits.</param>
    /// <param name="zone">The zone of the time-of-day and date styles; null for the process's local zone (tcpdump's TZ).</param>
    public TcpdumpTimestampWriter(TimestampStyle style, TimestampPrecision precision = TimestampPrecision.Microseconds, TimeZoneInfo? zone = null)
    {
        Style = style;
        Precision = precision;
        TimeZone = zone ?? TimeZoneInfo.Local;
        _nanoseconds = precision == TimestampPrecision.Nanoseconds;
    }

    /// <summary>The prefix written.</summary>
    public TimestampStyle Style { get; }

    /// <summary>The number of fractional digits written.</summary>
    public TimestampPrecision Precision { get; }

    /// <summary>The zone local times are written in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Forgets the first and previous packet, so the next delta starts again at zero.</summary>
    public void Reset()
    {
        _first = long.MinValue;
        _previous = long.MinValue;
    }

    /// <summary>
    /// Appends the prefix for a packet stamped <paramref name="timestampNanoseconds"/> (since the
    /// Unix epoch, UTC), trailing space included; nothing for <see cref="TimestampStyle.None"/>.
    /// </summary>
    /// <param name="output">Where the prefix goes.</param>
    /// <param name="timestampNanoseconds">The packet's time.</param>
    /// <param name="invalidFraction">
    /// When zero or more, an out-of-range sub-second field as the capture file holds it (a pcap
    /// record's microseconds of 1000000 or more): like tcpdump, the epoch, time-of-day and date
    /// styles print its digits as they are, scaled to the printed precision. -1 when valid.
    /// </param>
    /// <param name="invalidFractionInNanoseconds">True when <paramref name="invalidFraction"/> counts nanoseconds, false for microseconds.</param>
    public void Write(Utf8Builder output, long timestampNanoseconds, long invalidFraction = -1, bool invalidFractionInNanoseconds = false)
    {
        // tcpdump works on the precision it prints: fractions are truncated first, deltas computed after.
        long units = _nanoseconds ? timestampNanoseconds : FloorDiv(timestampNanoseconds, 1000);
        long perSecond = _nanoseconds ? NanosPerSecond : 1_000_000;
        int digits = _nanoseconds ? 9 : 6;
        if (invalidFraction >= 0 && Style is TimestampStyle.Epoch or TimestampStyle.TimeOfDay or TimestampStyle.Date)
        {
            WriteInvalid(output, FloorDiv(units, perSecond), invalidFractionInNanoseconds == _nanoseconds ? invalidFraction
                : _nanoseconds ? invalidFraction * 1000 : invalidFraction / 1000, digits);
            return;
        }
        switch (Style)
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
                long reference = Style == TimestampStyle.DeltaFromFirst ? _first : _previous;
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
        if (Style == TimestampStyle.Epoch)
        {
            output.Append(seconds).Append((byte)'.');
            AppendPadded(output, fraction, digits);
        }
        else
        {
            long local = seconds + LocalOffset(seconds);
            long days = FloorDiv(local, SecondsPerDay);
            if (Style == TimestampStyle.Date)
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
                _cachedOffsetSeconds = (long)TimeZone.GetUtcOffset(utc).TotalSeconds;
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
