using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Checksums;

public class InternetChecksumTests
{
    [Fact]
    public void Ipv4_header_checksum_matches_the_rfc1071_example_header()
    {
        // A real IPv4 header (checksum 0xb861 in place): summing it with its checksum gives zero.
        byte[] header = Convert.FromHexString("45000073000040004011b861c0a80001c0a800c7");
        Assert.Equal(0, InternetChecksum.Compute(header));
        header[10] = header[11] = 0;
        Assert.Equal(0xb861, InternetChecksum.Compute(header));
    }

    [Fact]
    public void Odd_lengths_pad_with_a_zero_byte()
    {
        Assert.Equal(InternetChecksum.Compute([0x12, 0x34, 0x56, 0x00]), InternetChecksum.Compute([0x12, 0x34, 0x56]));
    }

    [Fact]
    public void Udp_over_ipv4_verifies_with_its_pseudo_header()
    {
        var src = Ipv4Address.Parse("10.0.0.1");
        var dst = Ipv4Address.Parse("10.0.0.2");
        byte[] udp = Convert.FromHexString("0fa0138800090000" + "41");
        ushort sum = InternetChecksum.Compute(src, dst, IpProtocol.Udp, udp);
        udp[6] = (byte)(sum >> 8);
        udp[7] = (byte)sum;
        Assert.True(InternetChecksum.Verify(src, dst, IpProtocol.Udp, udp));
        udp[8] ^= 1;
        Assert.False(InternetChecksum.Verify(src, dst, IpProtocol.Udp, udp));
    }

    [Fact]
    public void Icmpv6_verifies_with_an_ipv6_pseudo_header()
    {
        var src = Ipv6Address.Parse("fd00::1");
        var dst = Ipv6Address.Parse("fd00::2");
        byte[] echo = Convert.FromHexString("8000000012340001");
        ushort sum = InternetChecksum.Compute(src, dst, IpProtocol.Icmpv6, echo);
        echo[2] = (byte)(sum >> 8);
        echo[3] = (byte)sum;
        Assert.True(InternetChecksum.Verify(src, dst, IpProtocol.Icmpv6, echo));
    }
}
