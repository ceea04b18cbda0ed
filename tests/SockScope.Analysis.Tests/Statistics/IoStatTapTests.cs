using SockScope.Analysis.Statistics;
using SockScope.Wire;

namespace SockScope.Analysis.Tests.Statistics;

public class IoStatTapTests
{
    private static string Render(string spec, long maxRows, params long[] timestamps)
    {
        var session = new StatisticsSession([StatisticsSpec.Create(spec, new StatisticsOptions { MaxIoStatRows = maxRows })]);
        byte[] frame = new byte[60];
        foreach (long t in timestamps) session.Add(LinkType.Ethernet, frame, frame.Length, t);
        return session.Render();
    }

    [Fact]
    public void AClockThatJumpsYearsStopsAtTheRowCap()
    {
        const long Second = 1_000_000_000;
        string text = Render("io,stat,0.000001", 50, 0, 10L * 365 * 24 * 3600 * Second);
        Assert.Contains("more rows not shown (more than 50 intervals)", text, StringComparison.Ordinal);
        Assert.True(text.Split('\n').Length < 80);
    }

    [Fact]
    public void RowsCountFramesAndBytesPerInterval()
    {
        string text = Render("io,stat,1", 1000, 0, 500_000_000, 2_100_000_000);
        Assert.Contains("|  0 <> 1  |      2 |   120 |", text, StringComparison.Ordinal);
        Assert.Contains("|  1 <> 2  |      0 |     0 |", text, StringComparison.Ordinal);
        Assert.Contains("|  2 <> Dur|      1 |    60 |", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("io,stat,1,")]
    [InlineData("io,stat,x")]
    [InlineData("io,stat,-1")]
    [InlineData("io,stat,1,SUM(frame.len)frame.len")]
    public void BadSpecsAreRefusedWithAMessage(string spec) =>
        Assert.Throws<StatisticsSpecException>(() => StatisticsSpec.Create(spec, new StatisticsOptions { FilterCompiler = null }));
}
