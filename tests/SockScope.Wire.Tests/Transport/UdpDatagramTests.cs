using SockScope.Wire.Addresses;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Tests.Transport;

public class UdpDatagramTests
{
    [Fact]
    public void Deconstructs_ports_length_and_payload()
    {
        byte[] b = Convert.FromHexString("d43100350009abcd" + "41" + "0000");
        Assert.True(UdpDatagram.TryCreate(b, out UdpDatagram u, out _));
        Assert.Equal(54321, u.SourcePort);
        Assert.Equal(53, u.DestinationPort);
        Assert.Equal(9, u.Length);
        Assert.Equal(0xabcd, u.Checksum);
        Assert.True(u.HasValidLength);
        Assert.Equal([0x41], u.Payload.ToArray());
    }

    [Fact]
    public void Checksum_round_trip()
    {
        var src = Ipv4Address.Parse("10.0.0.1");
        var dst = Ipv4Address.Parse("10.0.0.2");
        byte[] b = Convert.FromHexString("0fa0138800090000" + "41");
        ushort sum = SockScope.Wire.Checksums.InternetChecksum.Compute(src, dst, SockScope.Wire.Ip.IpProtocol.Udp, b);
        b[6] = (byte)(sum >> 8); b[7] = (byte)sum;
        Assert.True(UdpDatagram.TryCreate(b, out UdpDatagram u, out _));
        Assert.True(u.IsChecksumValid(src, dst));
    }

    [Fact]
    public void Length_below_eight_is_invalid()
    {
        Assert.True(UdpDatagram.TryCreate(Convert.FromHexString("0001000200040000aa"), out UdpDatagram u, out _));
        Assert.False(u.HasValidLength);
        Assert.Equal(1, u.Payload.Length);
    }

    [Fact]
    public void Length_past_the_capture_is_clipped()
    {
        Assert.True(UdpDatagram.TryCreate(Convert.FromHexString("0001000200400000aa"), out UdpDatagram u, out _));
        Assert.True(u.IsPayloadTruncated);
        Assert.Equal(1, u.Payload.Length);
    }

    [Fact]
    public void Short_header_is_truncated()
    {
        Assert.False(UdpDatagram.TryCreate(new byte[7], out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }
}
