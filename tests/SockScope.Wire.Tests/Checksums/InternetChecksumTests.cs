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

    /// <summary>RFC 1071's definition word by word, big-endian, with a fold after every addition.</summary>
    private static ushort Reference(ReadOnlySpan<byte> data, uint start)
    {
        uint sum = (start & 0xFFFF) + (start >> 16);
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8 | (i + 1 < data.Length ? data[i + 1] : 0));
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    [Fact]
    public void Long_buffers_sum_as_the_word_by_word_definition_at_every_length_and_alignment()
    {
        // Lengths around the vector sizes (16 and 32 bytes) and the 64-byte threshold, unaligned
        // starts, running sums with carries, and all-0xFF data (the sum that folds to 0xFFFF).
        var random = new Random(1071);
        byte[] buffer = new byte[4200];
        random.NextBytes(buffer);
        foreach (int length in (int[])[0, 1, 15, 63, 64, 65, 95, 96, 127, 128, 129, 1500, 1501, 4096])
        {
            for (int offset = 0; offset < 4; offset++)
            {
                ReadOnlySpan<byte> data = buffer.AsSpan(offset, length);
                foreach (uint start in (uint[])[0, 0xFFFF, 0x1_2345])
                    Assert.Equal(Reference(data, start), InternetChecksum.Finish(InternetChecksum.Accumulate(start, data)));
            }
        }
        byte[] ones = Enumerable.Repeat((byte)0xFF, 200).ToArray();
        Assert.Equal(Reference(ones, 0), InternetChecksum.Compute(ones));
        Assert.Equal(Reference(new byte[200], 0), InternetChecksum.Compute(new byte[200]));
    }
}
