using SockScope.Wire.Formatting;

namespace SockScope.Cli.Tests;

public class DisplayOptionsTests
{
    /// <summary>Display flags as a command line gives them; every one must be a display flag.</summary>
    internal static DisplayOptions Parse(params string[] args)
    {
        var options = new DisplayOptions();
        var reader = new ArgReader(args);
        while (reader.TryNext(out string option))
            Assert.True(options.TryApply(option, reader), option);
        return options;
    }

    [Theory]
    [InlineData("-t", TimestampStyle.None)]
    [InlineData("-tt", TimestampStyle.Epoch)]
    [InlineData("-ttt", TimestampStyle.DeltaFromPrevious)]
    [InlineData("-tttt", TimestampStyle.Date)]
    [InlineData("-ttttt", TimestampStyle.DeltaFromFirst)]
    public void CountsTimestampFlags(string flag, TimestampStyle style) => Assert.Equal(style, Parse(flag).Timestamps);

    [Fact]
    public void ClusteredFlags()
    {
        DisplayOptions o = Parse("-nnvvec5", "-#", "--time-stamp-precision=nano");
        Assert.Equal(2, o.Numeric);
        Assert.Equal(2, o.Verbosity);
        Assert.True(o.LinkHeader);
        Assert.Equal(5, o.Count);
        Assert.True(o.PacketNumbers);
        Assert.True(o.Nanoseconds);
        Assert.True(o.ToFormatOptions().NumericPorts);
        // tcpdump 4.99 prints ports as numbers from a single -n (127.0.0.1.53, not .domain).
        Assert.True(Parse("-n").ToFormatOptions().NumericPorts);
        Assert.False(Parse("-v").ToFormatOptions().NumericPorts);
    }

    [Fact]
    public void LineOptionsCarryEveryLineFlagToTheLibraryWriter()
    {
        TcpdumpLineOptions o = Parse("-#", "-ttttt", "-XX", "--nano", "-vvnne").ToLineOptions(TimeZoneInfo.Utc);
        Assert.True(o.PacketNumbers);
        Assert.Equal(TimestampStyle.DeltaFromFirst, o.Timestamps);
        Assert.Equal(TimestampPrecision.Nanoseconds, o.Precision);
        Assert.Equal(DumpStyle.HexAndAscii, o.Dump);
        Assert.True(o.DumpLinkHeader);
        Assert.Same(TimeZoneInfo.Utc, o.TimeZone);
        Assert.Equal(2, o.Format.Verbosity);
        Assert.True(o.Format.NumericPorts);
        Assert.True(o.Format.LinkHeader);
        TcpdumpLineOptions plain = Parse().ToLineOptions();
        Assert.Equal(TimestampStyle.TimeOfDay, plain.Timestamps);
        Assert.Equal(TimestampPrecision.Microseconds, plain.Precision);
        Assert.Equal(DumpStyle.None, plain.Dump);
        Assert.False(plain.PacketNumbers);
        Assert.Null(plain.TimeZone);
    }

    [Theory]
    [InlineData("-x", DumpStyle.Hex, false)]
    [InlineData("-xx", DumpStyle.Hex, true)]
    [InlineData("-X", DumpStyle.HexAndAscii, false)]
    [InlineData("-XX", DumpStyle.HexAndAscii, true)]
    [InlineData("-A", DumpStyle.Ascii, false)]
    [InlineData("-xA", DumpStyle.Hex, false)]
    public void DumpFlags(string flag, DumpStyle style, bool linkHeader)
    {
        DisplayOptions o = Parse(flag);
        Assert.Equal(style, o.Dump);
        Assert.Equal(linkHeader, o.DumpLinkHeader);
    }

    [Fact]
    public void BadPrecisionIsUsage() => Assert.Throws<UsageException>(() => Parse("--time-stamp-precision=pico"));

    [Fact]
    public void UnknownFlagIsLeftToTheCommand() => Assert.False(new DisplayOptions().TryApply("w", new ArgReader([])));
}
