using SockScope.Wire.Addresses;
using SockScope.Wire.Formatting;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

public sealed class IgmpMessageTests
{
    private static string Print(byte[] igmp, int verbosity)
    {
        using var text = new Utf8Builder(256);
        var ip = new IpInfo(false, Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("224.0.0.1"), default, default,
            IpProtocol.Igmp, igmp.Length, false, 1);
        new TcpdumpPrinter(text, new FormatOptions { Verbosity = verbosity }).PrintIgmp(igmp, ip);
        return text.ToString();
    }

    [Fact]
    public void DeconstructsAV2Report()
    {
        // IGMP_V2.pcap: "igmp v2 report 239.255.255.250".
        byte[] report = Convert.FromHexString("1600fa04effffffa");
        Assert.True(IgmpMessage.TryCreate(report, out IgmpMessage m, out _));
        Assert.Equal(IgmpType.V2MembershipReport, m.Type);
        Assert.Equal(Ipv4Address.Parse("239.255.255.250"), m.GroupAddress);
        Assert.True(m.ChecksumValid);
        Assert.Equal("igmp v2 report 239.255.255.250", Print(report, 1));
    }

    [Fact]
    public void V3QueryDecodesTheExponentialMaxResponseCode()
    {
        // igmpv3-queries.pcap, second packet: code 0xfe is 30720 tenths of a second, "51m12s" for tcpdump.
        byte[] query = Convert.FromHexString("11feeb8400000000027d0000");
        Assert.True(IgmpMessage.TryCreate(query, out IgmpMessage m, out _));
        Assert.True(m.IsV3Query);
        Assert.True(m.ChecksumValid);
        Assert.Equal(30720, m.MaxResponseTimeTenths);
        Assert.Equal(0, m.QuerySourceCount);
        Assert.Equal("igmp query v3 [max resp time 51m12s]", Print(query, 0));
    }

    [Fact]
    public void TruncatedMessageIsRefused()
    {
        Assert.False(IgmpMessage.TryCreate(new byte[] { 0x16, 0, 0 }, out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
    }
}
