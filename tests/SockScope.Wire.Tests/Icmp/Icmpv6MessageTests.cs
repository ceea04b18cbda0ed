using SockScope.Wire.Addresses;
using SockScope.Wire.Formatting;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

public sealed class Icmpv6MessageTests
{
    private static readonly Ipv6Address Source = Ipv6Address.Parse("fe80::1");
    private static readonly Ipv6Address Destination = Ipv6Address.Parse("ff02::1");

    // Neighbour solicitation for 2001:db8::5 with a source link-layer address option (icmp6-crafted.pcap).
    private static byte[] Solicitation() => WithChecksum(Convert.FromHexString(
        "8700000000000000" + "20010db8000000000000000000000005" + "0101001122334455"));

    private static byte[] WithChecksum(byte[] message)
    {
        message[2] = message[3] = 0;
        ushort sum = SockScope.Wire.Checksums.InternetChecksum.Compute(Source, Destination, IpProtocol.Icmpv6, message);
        message[2] = (byte)(sum >> 8);
        message[3] = (byte)sum;
        return message;
    }

    private static string Print(byte[] icmp6, int verbosity, int? length = null)
    {
        using var text = new Utf8Builder(1024);
        var ip = new IpInfo(true, default, default, Source, Destination, IpProtocol.Icmpv6, length ?? icmp6.Length, false, 255);
        new TcpdumpPrinter(text, new FormatOptions { Verbosity = verbosity }).PrintIcmp6(icmp6, ip);
        return text.ToString();
    }

    [Fact]
    public void DeconstructsANeighborSolicitationAndItsOptions()
    {
        byte[] ns = Solicitation();
        Assert.True(Icmpv6Message.TryCreate(ns, out Icmpv6Message m, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(Icmpv6Type.NeighborSolicitation, m.Type);
        Assert.False(m.IsError);
        Assert.True(m.ChecksumValid(Source, Destination));
        Assert.True(m.TryGetTargetAddress(out Ipv6Address target));
        Assert.Equal(Ipv6Address.Parse("2001:db8::5"), target);

        NdOptionReader options = m.Options;
        Assert.True(options.TryRead(out NdOptionType type, out ReadOnlySpan<byte> data));
        Assert.Equal(NdOptionType.SourceLinkLayerAddress, type);
        Assert.Equal(Convert.FromHexString("001122334455"), data.ToArray());
        Assert.False(options.TryRead(out _, out _));
        Assert.Equal(WireError.None, options.Error);
    }

    [Fact]
    public void PrintsTheSolicitationAsTcpdump()
    {
        Assert.Equal("ICMP6, neighbor solicitation, who has 2001:db8::5, length 32", Print(Solicitation(), 0));
        Assert.Equal("[icmp6 sum ok] ICMP6, neighbor solicitation, length 32, who has 2001:db8::5\n" +
                     "\t  source link-address option (1), length 8 (1): 00:11:22:33:44:55", Print(Solicitation(), 1));
        byte[] bad = Solicitation();
        bad[3] ^= 0xFF;
        Assert.StartsWith("[bad icmp6 cksum 0x", Print(bad, 1));
    }

    [Fact]
    public void ZeroLengthOptionStopsTheReader()
    {
        byte[] ns = Convert.FromHexString("8700000000000000" + "20010db8000000000000000000000005" + "0100001122334455");
        Assert.True(Icmpv6Message.TryCreate(ns, out Icmpv6Message m, out _));
        NdOptionReader options = m.Options;
        Assert.False(options.TryRead(out _, out _));
        Assert.Equal(WireError.BadOption, options.Error);
    }

    [Fact]
    public void ShortAndEmptyMessages()
    {
        Assert.False(Icmpv6Message.TryCreate(new byte[7], out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
        Assert.Equal("ICMP6, length 0 (invalid)", Print([], 0, length: 0));
        Assert.Equal("ICMP6, echo request [|icmp6]", Print(Convert.FromHexString("800000000001"), 0, length: 8));
    }
}
