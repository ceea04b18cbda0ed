using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>Hand-made packets for what the corpus lacks; expected text as tcpdump 4.99.3 prints it.</summary>
public class TcpdumpPrinterTests
{
    private const string Mac = "020000000002020000000001";

    private static string Print(string hex, FormatOptions? options = null, LinkType link = LinkType.Ethernet, TcpdumpPrinter? printer = null)
    {
        byte[] frame = Convert.FromHexString(hex);
        using var output = new Utf8Builder();
        printer ??= new TcpdumpPrinter(output, options ?? new FormatOptions { NumericPorts = true });
        printer.Output.Clear();
        printer.PrintPacket(link, frame, frame.Length);
        return printer.Output.ToString();
    }

    /// <summary>Every packet of a core corpus capture, printed one after the other (no newlines).</summary>
    private static string PrintCoreCapture(string name, FormatOptions options)
    {
        string capture = Corpus.CoreCaptures().First(p => p.EndsWith(name, StringComparison.Ordinal));
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, options);
        foreach (var packet in CaptureFileReader.Read(capture)) printer.PrintPacket(packet.LinkType, packet.Data, packet.OriginalLength);
        return output.ToString();
    }

    [Theory]
    // Where tcpdump 4.99.3 abandons the whole packet, its -x dump starts at byte 0 (checked with tcpdump -x):
    [InlineData("0800", "", " [|ip]", 0)]
    [InlineData("0806", "00010800060400010200000000", " [|arp]", 0)]
    [InlineData("0800", "4500002800010000400100000a0000010a000002" + "08", "IP 10.0.0.1 > 10.0.0.2:  [|icmp]", 0)]
    [InlineData("0800", "4500002800010000400100000a0000010a000002" + "050000000a000001", "IP 10.0.0.1 > 10.0.0.2:  [|icmp]", 0)]
    // ... elsewhere after the link header, as for any packet:
    [InlineData("0800", "4500002800010000400100000a0000010a000002" + "0b0000000000000045", "IP 10.0.0.1 > 10.0.0.2:  [|icmp]", 14)]
    [InlineData("0800", "4500002800010000401100000a0000010a000002" + "0035", "IP 10.0.0.1 > 10.0.0.2:  [|udp]", 14)]
    [InlineData("86dd", "", " [|ip6]", 14)]
    public void Dump_starts_where_tcpdump_starts_it(string etherType, string payload, string text, int dumpFrom)
    {
        byte[] frame = Convert.FromHexString("ffffffffffff020000000001" + etherType + payload);
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true });
        int linkHeaderLength = printer.PrintPacket(LinkType.Ethernet, frame, 100);
        Assert.Equal(text, output.ToString());
        Assert.Equal(dumpFrom, linkHeaderLength);
    }

    [CorpusFact]
    public void Edns_chain_option_prints_its_name()
    {
        // tcpdump -nn -vv on the core capture edns-opts.pcap: the CHAIN option holds a domain name.
        string text = PrintCoreCapture("edns-opts.pcap", new FormatOptions { NumericPorts = true, Verbosity = 2 });
        Assert.Contains("ar: . OPT UDPsize=4096 DO [CHAIN foo.example.com.] (61)", text);
        Assert.Contains("ar: . OPT UDPsize=4096 DO [CHAIN com.,DHU GOST_R_34.11-94,PADDING (4),NSID aabbccddeeff] (72)", text);
    }

    [CorpusFact]
    public void Dns_label_with_the_reserved_type_bits_is_a_bad_label_type()
    {
        // tcpdump -nn -vv on the core capture dns-badlabel.pcap (a label byte 10xxxxxx).
        Assert.Contains("^C.<BAD LABEL TYPE> [|domain]", PrintCoreCapture("dns-badlabel.pcap", new FormatOptions { NumericPorts = true, Verbosity = 2 }));
    }

    [CorpusFact]
    public void Rpl_dao_options_show_with_vv_and_their_data_with_vvv()
    {
        // tcpdump -nn -vv / -vvv on the core capture rpl-19-pickdag.pcap.
        Assert.EndsWith("[dagid:5431::,seq:10,instance:42,Dagid,40] opt:rpltarget len:25  opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1",
            PrintCoreCapture("rpl-19-pickdag.pcap", new FormatOptions { NumericPorts = true, Verbosity = 2 }));
        Assert.EndsWith("opt:rpltarget len:25  0x0000:  0080 2001 0db8 0001 0000 0216 3eff fe11 0x0010:  3424 0000 0000 00 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1 opt:pad1",
            PrintCoreCapture("rpl-19-pickdag.pcap", new FormatOptions { NumericPorts = true, Verbosity = 3 }));
    }

    [Fact]
    public void Udp_length_beyond_the_datagram_is_a_bad_length_but_dns_still_decodes()
    {
        // UDP length 500 in a 32-byte IPv4 datagram (corpus rtp-seg-fault-1 with -q shows the same).
        const string toPort2000 = "4500002000010000401166ca0a0000010a000002" + "03e807d001f40000" + "61626364";
        const string toPort53 = "4500002000010000401166ca0a0000010a000002" + "03e8003501f40000" + "61626364";
        Assert.Equal("IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, bad length 492 > 4", Print(Mac + "0800" + toPort2000));
        Assert.Equal("IP 10.0.0.1.1000 > 10.0.0.2.53: domain [length 4 < 12] (invalid)", Print(Mac + "0800" + toPort53));
        Assert.Equal("IP 10.0.0.1.1000 > 10.0.0.2.53: UDP, bad length 492 > 4", Print(Mac + "0800" + toPort53, new FormatOptions { NumericPorts = true, Quiet = true }));
    }

    [Fact]
    public void Vlan_tags_show_with_e_only()
    {
        string frame = Mac + "88a8" + "1005" + "8100" + "0064" + "0800" + "4500001d123400004011fb470a5a00010a5a0002" + "0001000200093c6e7a";
        Assert.Equal("IP 10.90.0.1.1 > 10.90.0.2.2: UDP, length 1", Print(frame));
        Assert.Equal("02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q-QinQ (0x88a8), length 51: vlan 5, p 0, DEI, "
            + "ethertype 802.1Q (0x8100), vlan 100, p 0, ethertype IPv4 (0x0800), 10.90.0.1.1 > 10.90.0.2.2: UDP, length 1",
            Print(frame, new FormatOptions { NumericPorts = true, LinkHeader = true }));
    }

    [Fact]
    public void Fragments_print_the_protocol_for_later_pieces()
    {
        Assert.Equal("IP 10.90.0.1 > 10.90.0.2: ip-proto-17", Print(Mac + "0800" + "45000044123420064011000a0a5a00010a5a0002" + new string('0', 96)));
        Assert.Equal("IP 10.90.0.1 > 10.90.0.2: udp", Print(Mac + "0800" + "45000044123420064011000a0a5a00010a5a0002" + new string('0', 96), new FormatOptions()));
    }

    [Fact]
    public void Unknown_protocol_and_ethertype()
    {
        Assert.Equal("IP 10.90.0.1 > 10.90.0.2:  ip-proto-99 8", Print(Mac + "0800" + "4500001c123400004063000a0a5a00010a5a0002" + "6162636465666768"));
        Assert.Equal("02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype Unknown (0x1234), length 25: \n\t0x0000:  6865 6c6c 6f20 776f 726c 64              hello.world",
            Print(Mac + "1234" + "68656c6c6f20776f726c64"));
    }

    [Fact]
    public void Arp_request_and_reply()
    {
        string request = Mac + "0806" + "0001080006040001" + "020000000001" + "0a5a0001" + "000000000000" + "0a5a0002";
        Assert.Equal("ARP, Request who-has 10.90.0.2 tell 10.90.0.1, length 28", Print(request));
        Assert.Equal("ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 10.90.0.2 tell 10.90.0.1, length 28",
            Print(request, new FormatOptions { NumericPorts = true, Verbosity = 1 }));
        string reply = Mac + "0806" + "0001080006040002" + "020000000002" + "0a5a0002" + "020000000001" + "0a5a0001";
        Assert.Equal("ARP, Reply 10.90.0.2 is-at 02:00:00:00:00:02, length 28", Print(reply));
    }

    [Fact]
    public void Tcp_sequence_numbers_become_relative_after_the_syn_ack()
    {
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true });
        string ip(string tcp) => Mac + "0800" + "45000028123400004006000a0a5a00010a5a0002" + tcp;
        string back(string tcp) => Mac + "0800" + "45000028123400004006000a0a5a00020a5a0001" + tcp;
        Assert.Equal("IP 10.90.0.1.80 > 10.90.0.2.40000: Flags [S.], seq 5000, ack 1001, win 502, length 0",
            Print(ip("00509c40" + "00001388" + "000003e9" + "501201f600000000"), printer: printer));
        Assert.Equal("IP 10.90.0.2.40000 > 10.90.0.1.80: Flags [.], ack 1, win 502, length 0",
            Print(back("9c400050" + "000003e9" + "00001389" + "501001f600000000"), printer: printer));
        var absolute = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, AbsoluteTcpSequence = true });
        Assert.Equal("IP 10.90.0.2.40000 > 10.90.0.1.80: Flags [.], ack 5001, win 502, length 0",
            Print(back("9c400050" + "000003e9" + "00001389" + "501001f600000000"), printer: absolute));
    }

    [Fact]
    public void Http_request_line_and_port_names()
    {
        string payload = Convert.ToHexString("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8);
        int total = 20 + 20 + payload.Length / 2;
        string frame = Mac + "0800" + "4500" + total.ToString("x4") + "123400004006000a0a5a00010a5a0002"
            + "9c400050" + "000003e9" + "00001389" + "501801f600000000" + payload;
        Assert.Equal("IP 10.90.0.1.40000 > 10.90.0.2.80: Flags [P.], seq 1001:1028, ack 5001, win 502, length 27: HTTP: GET / HTTP/1.1", Print(frame));
        Assert.Equal("IP 10.90.0.1.40000 > 10.90.0.2.http: Flags [P.], seq 1001:1028, ack 5001, win 502, length 27: HTTP: GET / HTTP/1.1",
            Print(frame, new FormatOptions()));
        Assert.Equal("IP 10.90.0.1.40000 > 10.90.0.2.80: tcp 27", Print(frame, new FormatOptions { NumericPorts = true, Quiet = true }));
    }

    [Fact]
    public void Printing_allocates_nothing_once_warm()
    {
        byte[] tcp = Convert.FromHexString(Mac + "0800" + "45000028123400004006000a0a5a00010a5a0002" + "9c400050000003e900001389501001f600000000");
        byte[] udp6 = Convert.FromHexString(Mac + "86dd" + "6000000000091140" + "fd900000000000000000000000000001" + "fd900000000000000000000000000002" + "000100020009000041");
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, Verbosity = 1, LinkHeader = true });
        printer.PrintPacket(LinkType.Ethernet, tcp, tcp.Length);
        printer.PrintPacket(LinkType.Ethernet, udp6, udp6.Length);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                output.Clear();
                printer.PrintPacket(LinkType.Ethernet, tcp, tcp.Length);
                printer.PrintPacket(LinkType.Ethernet, udp6, udp6.Length);
            }
        }));
    }

    [Fact]
    public void Cooked_v2_lines_start_with_interface_and_direction()
    {
        // Expected text from tcpdump 4.99.3 reading these frames on a host where index 1 is "lo".
        string[] frames =
        [
            "08000000000000010001000602000000000100004500001d123400004011fb470a5a00010a5a00020001000200093c6e7a",
            "080600000000000100010406020000000002000000010800060400010200000000010a5a00010000000000000a5a0002",
            "08000000000000010001020000000000000000004500001d123400004011fb470a5a00010a5a00020001000200093c6e7a",
        ];
        Func<uint, string?> names = index => index == 1 ? "lo" : null;
        using var output = new Utf8Builder();
        var plain = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, InterfaceName = names });
        var withLink = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, InterfaceName = names, LinkHeader = true });
        Assert.Equal("lo    In  IP 10.90.0.1.1 > 10.90.0.2.2: UDP, length 1", Print(frames[0], link: LinkType.LinuxSll2, printer: plain));
        Assert.Equal("lo    Out ARP, Request who-has 10.90.0.2 tell 10.90.0.1, length 28", Print(frames[1], link: LinkType.LinuxSll2, printer: plain));
        Assert.Equal("lo    M   IP 10.90.0.1.1 > 10.90.0.2.2: UDP, length 1", Print(frames[2], link: LinkType.LinuxSll2, printer: plain));
        Assert.Equal("lo    In  ifindex 1 02:00:00:00:00:01 ethertype IPv4 (0x0800), length 49: 10.90.0.1.1 > 10.90.0.2.2: UDP, length 1",
            Print(frames[0], link: LinkType.LinuxSll2, printer: withLink));
        Assert.Equal("lo    M   ifindex 1 ethertype IPv4 (0x0800), length 49: 10.90.0.1.1 > 10.90.0.2.2: UDP, length 1",
            Print(frames[2], link: LinkType.LinuxSll2, printer: withLink));
        Assert.StartsWith("?     In  IP ", Print(frames[0], link: LinkType.LinuxSll2));
    }

    [Fact]
    public void Deeply_nested_icmp_errors_stop_at_a_bound()
    {
        // 200 ICMP "port unreachable" messages, each quoting the next one.
        byte[] inner = Convert.FromHexString("4500001c000000004011000001020304050607080001000200080000");
        for (int i = 0; i < 200; i++)
        {
            byte[] icmp = [3, 3, 0, 0, 0, 0, 0, 0, .. inner];
            byte[] ip = [.. Convert.FromHexString("45000000000000004001000001020304" + "05060708"), .. icmp];
            ip[2] = (byte)(ip.Length >> 8);
            ip[3] = (byte)ip.Length;
            inner = ip;
        }
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, new FormatOptions { NumericPorts = true, Verbosity = 1 });
        printer.PrintPacket(LinkType.Raw, inner, inner.Length);
        Assert.Contains("[|ip]", output.ToString());
    }

    [Theory]
    // Option bytes after a SYN header; expected text from tcpdump 4.99.3.
    [InlineData("131200112233445566778899aabbccddeeff0000", "md5 shared secret not supplied with -M, can't check - 00112233445566778899aabbccddeeff,eol")]
    [InlineData("1c0281f4", "uto 0x81f4 16634[len 2]")]
    [InlineData("2204aabb00000000", "tfo  (invalid),eol")]
    [InlineData("2202000000000000", "tfo  cookiereq,eol")]
    public void Less_common_tcp_options(string options, string expected)
    {
        int headerLength = 20 + options.Length / 2;
        int total = 20 + headerLength;
        string frame = Mac + "0800" + "4500" + total.ToString("x4") + "123400004006000a0a5a00010a5a0002"
            + "1388" + "9c40" + "00000001" + "00000000" + (headerLength / 4 << 4).ToString("x2") + "02" + "01f6" + "0000" + "0000" + options;
        Assert.Equal($"IP 10.90.0.1.5000 > 10.90.0.2.40000: Flags [S], seq 1, win 502, options [{expected}], length 0", Print(frame));
    }
}
