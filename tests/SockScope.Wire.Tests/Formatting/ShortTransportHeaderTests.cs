using SockScope.Wire.Formatting;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// UDP and TCP headers cut short by the capture, which the views refuse and the printer reads in
/// place at the header offsets; expected text from tcpdump 4.99.3 (-nn, and -v for the IPv4
/// parenthesis) on the same bytes as raw IP, original length 100.
/// </summary>
public class ShortTransportHeaderTests
{
    private const string Ipv4 = "4500{0}0001000040{1}00000a0000010a000002";

    private static string Print(string hex, int verbosity)
    {
        byte[] packet = Convert.FromHexString(hex);
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, Verbosity = verbosity });
        printer.PrintPacket(LinkType.Raw, packet, 100);
        return output.ToString();
    }

    [Theory]
    // UDP: 6 of 8 header bytes; a length field below 8, then one that would be fine.
    [InlineData("0024", "11", "003504000004", "10.0.0.1.53 > 10.0.0.2.1024: truncated-udplength 4")]
    [InlineData("0024", "11", "003504000010", "10.0.0.1.53 > 10.0.0.2.1024:  [|udp]")]
    // UDP: the IP length leaves less than a UDP header.
    [InlineData("001a", "11", "003504000010", "10.0.0.1.53 > 10.0.0.2.1024: truncated-udp 6")]
    // TCP: 12 of 20 fixed bytes; options cut short (data offset 8, 22 bytes); data offset 3.
    [InlineData("003c", "06", "005004000000000100000000", "10.0.0.1.80 > 10.0.0.2.1024:  [|tcp]")]
    [InlineData("003c", "06", "00500400000000010000000080100100000000000204",
        "10.0.0.1.80 > 10.0.0.2.1024: Flags [.], seq 1:9, ack 0, win 256, options [mss [|tcp]")]
    [InlineData("003c", "06", "00500400000000010000000030100100000000000204",
        "10.0.0.1.80 > 10.0.0.2.1024:  tcp 28 [bad hdr length 12 - too short, < 20]")]
    public void Prints_what_the_captured_bytes_allow(string totalLength, string protocol, string transport, string expected)
    {
        string packet = string.Format(Ipv4, totalLength, protocol) + transport;
        Assert.Equal("IP " + expected, Print(packet, 0));

        string name = protocol == "11" ? "UDP (17)" : "TCP (6)";
        int length = Convert.ToInt32(totalLength, 16);
        string sum = length switch { 0x24 => "66c6", 0x1a => "66d0", _ => "66b9" };
        Assert.Equal($"IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto {name}, length {length}, bad cksum 0 (->{sum})!)\n    {expected}",
            Print(packet, 1));
    }
}
