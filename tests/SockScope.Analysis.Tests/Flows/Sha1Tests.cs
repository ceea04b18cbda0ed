using System.Security.Cryptography;
using SockScope.Analysis.Flows;

namespace SockScope.Analysis.Tests.Flows;

/// <summary>Our SHA-1 (Community ID) against the RFC 3174 test vectors and the platform's SHA-1.</summary>
public class Sha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void MatchesTheStandardsVectors(string text, string hex)
    {
        Span<byte> digest = stackalloc byte[Sha1.HashSizeInBytes];
        Sha1.HashData(System.Text.Encoding.ASCII.GetBytes(text), digest);
        Assert.Equal(hex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void MatchesThePlatformForEveryLengthAroundTheBlockEdges()
    {
        var random = new Random(3174);
        Span<byte> ours = stackalloc byte[Sha1.HashSizeInBytes];
        // 0-200 bytes covers one, two and four blocks and every padding case (55, 56, 63, 64 ...).
        for (int length = 0; length <= 200; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Sha1.HashData(data, ours);
#pragma warning disable CA5350 // SHA-1 is what Community ID specifies; this checks our copy against the platform's.
            Assert.Equal(SHA1.HashData(data), ours.ToArray());
#pragma warning restore CA5350
        }
    }
}
