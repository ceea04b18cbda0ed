using System.Globalization;
using System.Numerics;
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

    /// <summary>printf's %.Nf from the double's exact value (mantissa x 2^exponent), rounded half to even with big integers.</summary>
    private static string ExactReference(double value, int decimals)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0) exponent = 1;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger numerator = mantissa * BigInteger.Pow(10, decimals), denominator = BigInteger.One;
        if (exponent > 0) numerator <<= exponent;
        else denominator <<= -exponent;
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven)) quotient++;
        string digits = quotient.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        string text = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
        return (bits < 0 ? "-" : "") + text;
    }

    [Fact]
    public void FixedAgreesWithTheExactValueOnManyDoubles()
    {
        var random = new Random(20261203);
        for (int i = 0; i < 20_000; i++)
        {
            int decimals = random.Next(0, 22);
            // Times and rates as the tables print them, ties made on purpose (k / 2^n), very large and
            // very small values (both sides of the 128-bit fast path), subnormals and negative zero.
            double value = (i % 6) switch
            {
                0 => random.NextDouble() * 100_000,
                1 => random.Next(-5000, 5000) / (double)(1 << random.Next(1, 20)),
                2 => Math.Round(random.NextDouble() * 1000, random.Next(0, 12)),
                3 => random.NextDouble() * Math.Pow(10, random.Next(0, 300)),
                4 => -random.NextDouble() * Math.Pow(10, -random.Next(0, 300)),
                _ => i % 12 == 5 ? -0.0 : double.Epsilon * random.Next(1, 1000),
            };
            Assert.Equal(ExactReference(value, decimals), TsharkText.Fixed(value, decimals));
        }
    }

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
