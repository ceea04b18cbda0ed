using SockScope.Net.Netlink;

namespace SockScope.Net.Tests.Netlink;

public class NetlinkAttributeReaderTests
{
    [Fact]
    public void WalksAttributesWithPaddingAndStripsTheNestedFlag()
    {
        byte[] data =
        [
            5, 0, 3, 0, (byte)'l', 0, 0, 0,           // type 3, one byte payload, padded to 8
            8, 0, 0x1E, 0x80, 1, 2, 3, 4,             // type 30 with NLA_F_NESTED set
        ];
        var reader = new NetlinkAttributeReader(data);
        Assert.True(reader.TryNext(out ushort t1, out ReadOnlySpan<byte> p1));
        Assert.Equal(3, t1);
        Assert.Equal((byte)'l', Assert.Single(p1.ToArray()));
        Assert.True(reader.TryNext(out ushort t2, out ReadOnlySpan<byte> p2));
        Assert.Equal(30, t2);
        Assert.Equal(0x04030201u, NetlinkAttributeReader.ReadUInt32(p2));
        Assert.False(reader.TryNext(out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 3, 0, 1, 0 })]                  // length below the header
    [InlineData(new byte[] { 40, 0, 1, 0, 0, 0, 0, 0 })]     // claims more than there is
    [InlineData(new byte[] { 8, 0 })]                        // truncated header
    public void StopsAtAMalformedAttribute(byte[] data)
    {
        var reader = new NetlinkAttributeReader(data);
        Assert.False(reader.TryNext(out _, out _));
        Assert.False(reader.TryNext(out _, out _));
    }

    [Fact]
    public void SplitsADatagramIntoMessagesAndRejectsAnOverlongOne()
    {
        byte[] datagram = new byte[16 + 4 + 16];
        BitConverter.TryWriteBytes(datagram.AsSpan(0), 20u);        // first message: 16 + 4
        BitConverter.TryWriteBytes(datagram.AsSpan(4), (ushort)20);
        BitConverter.TryWriteBytes(datagram.AsSpan(8), 7u);
        BitConverter.TryWriteBytes(datagram.AsSpan(20), 99u);       // second: claims 99 bytes
        ReadOnlySpan<byte> rest = datagram;
        Assert.True(NetlinkMessage.TryRead(ref rest, out NetlinkMessage first, out uint sequence));
        Assert.Equal(20, first.Type);
        Assert.Equal(7u, sequence);
        Assert.Equal(4, first.Payload.Length);
        Assert.False(NetlinkMessage.TryRead(ref rest, out _, out _));
    }
}
