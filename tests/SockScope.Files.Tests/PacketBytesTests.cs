namespace SockScope.Files.Tests;

public class PacketBytesTests
{
    [Fact]
    public void Every_length_is_copied_exactly_and_nothing_beyond_it()
    {
        var random = new Random(7);
        byte[] source = new byte[1600];
        random.NextBytes(source);
        for (int length = 0; length <= 1500; length += length < 130 ? 1 : 37)
        {
            byte[] destination = new byte[length + 64];
            Array.Fill(destination, (byte)0xEE);
            PacketBytes.Copy(source.AsSpan(3, length), destination.AsSpan(5));
            Assert.True(destination.AsSpan(5, length).SequenceEqual(source.AsSpan(3, length)), $"length {length}");
            Assert.All(destination[..5], b => Assert.Equal(0xEE, b));
            Assert.All(destination[(5 + length)..], b => Assert.Equal(0xEE, b));
        }
    }

    [Fact]
    public void A_destination_too_short_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PacketBytes.Copy(new byte[40], new byte[39]));
    }
}
