using SockScope.Analysis.Statistics;

namespace SockScope.Analysis.Tests.Statistics;

public class TsharkTextTests
{
    [Theory]
    [InlineData(0.03125, 4, "0.0312")]      // an exact tie rounds to even, as glibc's printf
    [InlineData(0.09375, 4, "0.0938")]
    [InlineData(0.38099999, 4, "0.3810")]
    [InlineData(2.04926, 9, "2.049260000")]
    [InlineData(9.99995, 4, "10.0000")]
    [InlineData(-0.00001, 4, "-0.0000")]
    [InlineData(0.5, 0, "0")]
    [InlineData(1.5, 0, "2")]
    public void FixedRoundsLikePrintf(double value, int decimals, string expected) =>
        Assert.Equal(expected, TsharkText.Fixed(value, decimals));

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(9999, "9999 bytes")]
    [InlineData(10000, "10 kB")]
    [InlineData(107_999, "107 kB")]
    [InlineData(9_999_999, "9999 kB")]
    [InlineData(10_000_000, "10 MB")]
    [InlineData(12_000_000_000, "12 GB")]
    public void SizeIsWiresharksFormatSize(long size, string expected) => Assert.Equal(expected, TsharkText.Size(size));

    [Fact]
    public void SecondsAddsWholeAndFractionLikeNstimeToSec()
    {
        Assert.Equal(2.04926, TsharkText.Seconds(2_049_260_000));
        Assert.Equal(-1.5, TsharkText.Seconds(-1_500_000_000));
    }
}
