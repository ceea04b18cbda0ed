using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>tcpdump's -t family as the library writes it; expected texts are tcpdump 4.99.3's (TZ=UTC unless a test sets a zone).</summary>
public class TcpdumpTimestampWriterTests
{
    private const long Stamp = 1_418_145_369_924_505_488; // 2014-12-09 17:16:09.924505488 UTC

    private static string Format(TimestampStyle style, bool nano, TimeZoneInfo zone, params long[] stamps)
    {
        var writer = new TcpdumpTimestampWriter(style, nano ? TimestampPrecision.Nanoseconds : TimestampPrecision.Microseconds, zone);
        using var output = new Utf8Builder();
        foreach (long stamp in stamps)
        {
            writer.Write(output, stamp);
            output.Append((byte)'|');
        }
        return output.ToString();
    }

    [Theory]
    [InlineData(TimestampStyle.None, false, "|")]
    [InlineData(TimestampStyle.Epoch, false, "1418145369.924505 |")]
    [InlineData(TimestampStyle.Epoch, true, "1418145369.924505488 |")]
    [InlineData(TimestampStyle.TimeOfDay, false, "17:16:09.924505 |")]
    [InlineData(TimestampStyle.TimeOfDay, true, "17:16:09.924505488 |")]
    [InlineData(TimestampStyle.Date, false, "2014-12-09 17:16:09.924505 |")]
    [InlineData(TimestampStyle.Date, true, "2014-12-09 17:16:09.924505488 |")]
    [InlineData(TimestampStyle.DeltaFromPrevious, false, " 00:00:00.000000 |")]
    [InlineData(TimestampStyle.DeltaFromFirst, true, " 00:00:00.000000000 |")]
    public void FormatsOneStampInUtc(TimestampStyle style, bool nano, string expected) =>
        Assert.Equal(expected, Format(style, nano, TimeZoneInfo.Utc, Stamp));

    [Fact]
    public void DeltasTruncateFirstAndMarkStepsBack()
    {
        // 0.127521774 s later, then 3 s earlier, then a day and an hour later than the first.
        long[] stamps = [Stamp, Stamp + 127_521_774, Stamp - 2_872_478_226, Stamp + 90_000_000_000_000];
        Assert.Equal(" 00:00:00.000000 | 00:00:00.127522 |-00:00:03.000000 | 01:00:02.872478 |",
            Format(TimestampStyle.DeltaFromPrevious, false, TimeZoneInfo.Utc, stamps));
        Assert.Equal(" 00:00:00.000000 | 00:00:00.127522 |-00:00:02.872478 | 01:00:00.000000 |",
            Format(TimestampStyle.DeltaFromFirst, false, TimeZoneInfo.Utc, stamps));
        Assert.Equal(" 00:00:00.000000000 | 00:00:00.127521774 |-00:00:02.872478226 | 01:00:00.000000000 |",
            Format(TimestampStyle.DeltaFromFirst, true, TimeZoneInfo.Utc, stamps));
    }

    [Fact]
    public void ResetStartsTheDeltasAgain()
    {
        var writer = new TcpdumpTimestampWriter(TimestampStyle.DeltaFromFirst, zone: TimeZoneInfo.Utc);
        using var output = new Utf8Builder();
        writer.Write(output, Stamp);
        writer.Write(output, Stamp + 1_500_000_000);
        writer.Reset();
        writer.Write(output, Stamp + 9_000_000_000);
        writer.Write(output, Stamp + 9_250_000_000);
        Assert.Equal(" 00:00:00.000000  00:00:01.500000  00:00:00.000000  00:00:00.250000 ", output.ToString());
    }

    [Theory]
    [InlineData(2_147_483_648L, "2038-01-19 03:14:08.000000 |")]
    [InlineData(4_294_967_295L, "2106-02-07 06:28:15.000000 |")]
    [InlineData(4_323_283_200L, "2107-01-01 00:00:00.000000 |")]
    [InlineData(951_782_400L, "2000-02-29 00:00:00.000000 |")]
    [InlineData(-1L, "1969-12-31 23:59:59.000000 |")]
    public void DatesBeforeTheEpochAndAfter2038Print(long seconds, string expected) =>
        Assert.Equal(expected, Format(TimestampStyle.Date, false, TimeZoneInfo.Utc, seconds * 1_000_000_000));

    [Fact]
    public void EpochAfter2106Prints() =>
        Assert.Equal("4294967296.000000 |", Format(TimestampStyle.Epoch, false, TimeZoneInfo.Utc, 4_294_967_296L * 1_000_000_000));

    [Fact]
    public void LocalTimeFollowsTheZone()
    {
        var plusFive30 = TimeZoneInfo.CreateCustomTimeZone("test+0530", TimeSpan.FromMinutes(330), "test", "test");
        Assert.Equal("2014-12-09 22:46:09.924505 |", Format(TimestampStyle.Date, false, plusFive30, Stamp));
        Assert.Equal("22:46:09.924505 |", Format(TimestampStyle.TimeOfDay, false, plusFive30, Stamp));
        // A date line crossed by the offset: 20:00 UTC is 01:30 the next day.
        Assert.Equal("2014-12-10 01:30:00.000000 |", Format(TimestampStyle.Date, false, plusFive30, 1_418_155_200L * 1_000_000_000));
    }

    [Fact]
    public void PropertiesSayWhatIsWritten()
    {
        var writer = new TcpdumpTimestampWriter(TimestampStyle.Date, TimestampPrecision.Nanoseconds);
        Assert.Equal(TimestampStyle.Date, writer.Style);
        Assert.Equal(TimestampPrecision.Nanoseconds, writer.Precision);
        Assert.Same(TimeZoneInfo.Local, writer.TimeZone);
    }

    private static string FormatInvalid(TimestampStyle style, bool nano, long fraction, bool fractionNano)
    {
        using var output = new Utf8Builder();
        new TcpdumpTimestampWriter(style, nano ? TimestampPrecision.Nanoseconds : TimestampPrecision.Microseconds, TimeZoneInfo.Utc)
            .Write(output, 1_418_145_370L * 1_000_000_000, fraction, fractionNano);
        return output.ToString();
    }

    [Theory]
    [InlineData(TimestampStyle.Epoch, false, 1_000_000L, false, "1418145370.1000000 ")]
    [InlineData(TimestampStyle.Epoch, false, 2_147_483_648L, false, "1418145370.2147483648 ")]
    [InlineData(TimestampStyle.Epoch, false, 1_000_000_000L, true, "1418145370.1000000 ")]
    [InlineData(TimestampStyle.Epoch, true, 2_147_483_648L, true, "1418145370.2147483648 ")]
    [InlineData(TimestampStyle.Epoch, true, 1_000_000L, false, "1418145370.1000000000 ")]
    [InlineData(TimestampStyle.Date, false, 1_000_000L, false, "2014-12-09 17:16:10.1000000 ")]
    [InlineData(TimestampStyle.TimeOfDay, false, 1_000_000L, false, "17:16:10.1000000 ")]
    [InlineData(TimestampStyle.DeltaFromFirst, false, 1_000_000L, false, " 00:00:00.000000 ")]
    public void RawDigitsAsTcpdumpPrintsThem(TimestampStyle style, bool nano, long fraction, bool fractionNano, string expected) =>
        Assert.Equal(expected, FormatInvalid(style, nano, fraction, fractionNano));
}
