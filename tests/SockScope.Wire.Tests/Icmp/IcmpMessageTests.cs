using SockScope.Wire.Addresses;
using SockScope.Wire.Formatting;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

public sealed class IcmpMessageTests
{
    // Port unreachable quoting a UDP datagram 10.0.0.2:40000 -> 10.0.0.9:33434 (icmp-crafted.pcap, packet 6).
    private static readonly byte[] PortUnreachable = Convert.FromHexString(
        "0303" + "0000" + "00000000" +
        "4500002000010000401100000a0000020a000009" + "9c40829a000c0000");

    private static byte[] WithChecksum(byte[] message)
    {
        byte[] copy = (byte[])message.Clone();
        copy[2] = copy[3] = 0;
        ushort sum = SockScope.Wire.Checksums.InternetChecksum.Compute(copy);
        copy[2] = (byte)(sum >> 8);
        copy[3] = (byte)sum;
        return copy;
    }

    private static IpInfo Ipv4(int length) => new(false, Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2"),
        default, default, IpProtocol.Icmp, length, false, 64);

    private static string Print(byte[] icmp, int verbosity, int? length = null)
    {
        using var text = new Utf8Builder(1024);
        new TcpdumpPrinter(text, new FormatOptions { Verbosity = verbosity }).PrintIcmp(icmp, Ipv4(length ?? icmp.Length));
        return text.ToString();
    }

    [Fact]
    public void DeconstructsAnEchoRequest()
    {
        byte[] echo = WithChecksum(Convert.FromHexString("0800000000010001" + "6162636465666768"));
        Assert.True(IcmpMessage.TryCreate(echo, out IcmpMessage m, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.Equal(IcmpType.EchoRequest, m.Type);
        Assert.Equal(0, m.Code);
        Assert.Equal(1, m.Identifier);
        Assert.Equal(1, m.SequenceNumber);
        Assert.True(m.IsEcho);
        Assert.False(m.IsError);
        Assert.True(m.ChecksumValid);
        Assert.Equal("abcdefgh", System.Text.Encoding.ASCII.GetString(m.Body));
        Assert.Equal("ICMP echo request, id 1, seq 1, length 16", Print(echo, 0));
    }

    [Fact]
    public void ErrorQuotesTheOffendingDatagram()
    {
        Assert.True(IcmpMessage.TryCreate(PortUnreachable, out IcmpMessage m, out _));
        Assert.True(m.IsError);
        Assert.Equal(IcmpType.DestinationUnreachable, m.Type);
        Assert.Equal((byte)IcmpUnreachableCode.Port, m.Code);
        Assert.Equal(28, m.QuotedDatagram.Length);
        Assert.Equal(0x45, m.QuotedDatagram[0]);
        Assert.Equal("ICMP 10.0.0.9 udp port 33434 unreachable, length 36", Print(WithChecksum(PortUnreachable), 0));
    }

    [Fact]
    public void VerboseShowsAWrongChecksumAsTcpdumpDoes()
    {
        byte[] echo = Convert.FromHexString("0800000000010001" + "7878787878787878");
        Assert.False(IcmpMessage.TryCreate(echo, out IcmpMessage m, out _) && m.ChecksumValid);
        Assert.Equal("ICMP echo request, id 1, seq 1, length 16 (wrong icmp cksum 0 (->161c)!)", Print(echo, 1));
    }

    [Fact]
    public void TruncatedMessagesAreRefusedAndMarked()
    {
        Assert.False(IcmpMessage.TryCreate(PortUnreachable.AsSpan(0, 7), out _, out WireError error));
        Assert.Equal(WireError.Truncated, error);
        // The quoted UDP header is cut before its destination port: tcpdump prints only the marker.
        Assert.Equal(" [|icmp]", Print(PortUnreachable[..30], 0, length: 36));
        Assert.Equal(" [|icmp]", Print([], 0, length: 8));
    }

    [Fact]
    public void RouterAdvertisementListsAddressesWithPreferences()
    {
        byte[] advertisement = WithChecksum(Convert.FromHexString("09000000020207080a00000100000005" + "0a000002ffffffff"));
        Assert.Equal("ICMP router advertisement lifetime 30:00 2: {10.0.0.1 5} {10.0.0.2 4294967295}, length 24", Print(advertisement, 0));
    }
}
