using System.Buffers.Binary;
using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;

namespace SockScope.Wire.Tests.Dns;

/// <summary>
/// DnsPrinter on its own: the DNS messages of the corpus's DNS captures, cut out of their packets
/// here (not by the library's decoder), printed with no packet around them and compared with the
/// DNS part of tcpdump's line for the same packet.
/// </summary>
public class DnsPrinterCorpusTests
{
    /// <summary>One DNS message found in a capture, with what the transport around it said.</summary>
    private sealed record Message(int Index, byte[] Bytes, long Length, bool OverTcp, bool Multicast);

    [CorpusTheory]
    [InlineData("dns_udp.pcap")]
    [InlineData("dns_udp_2.pcap")] // snaplen 98: the answer is cut ("[|domain]")
    [InlineData("dns-badcookie.pcap")] // NULL link type
    [InlineData("dns-badlabel.pcap")] // fuzzed: 64259 questions, a bad label
    [InlineData("dns-badvers.pcap")]
    [InlineData("dns-uri.pcap")]
    [InlineData("dns-zlip-1.pcap")]
    [InlineData("dns-zlip-2.pcap")]
    [InlineData("dns-zlip-3.pcap")]
    [InlineData("dns_fwdptr.pcap")]
    [InlineData("dnssec.pcap")]
    [InlineData("edns-opts.pcap")]
    [InlineData("dns_tcp.pcap")]
    public void Prints_what_tcpdump_prints_for_each_message(string capture)
    {
        string path = Path.Combine(Corpus.CoreDirectory!, capture);
        List<Message> messages = FindMessages(CaptureFileReader.Read(path));
        Assert.NotEmpty(messages);
        foreach ((string suffix, int verbosity) in new[] { (".nn.txt", 0), (".v.txt", 1) })
        {
            List<List<string>> packets = TcpdumpComparison.SplitPackets(File.ReadLines(path + suffix));
            foreach (Message message in messages)
            {
                using var output = new Utf8Builder();
                var context = new DnsPrintContext { Verbosity = verbosity, OverTcp = message.OverTcp, Multicast = message.Multicast };
                DnsPrinter.Print(message.Bytes, message.Length, output, context);
                string line = packets[message.Index][^1];
                Assert.Equal(ExpectedDnsText(line, message), output.ToString());
            }
        }
    }

    [Fact]
    public void Prints_a_whole_query_with_its_own_length()
    {
        byte[] query = Convert.FromHexString("12340100000100000000000007" + "6578616d706c6503636f6d00" + "00010001");
        Assert.Equal("4660+ A? example.com. (29)", Print(query, new DnsPrintContext()));
        Assert.Equal("4660+ A? example.com. (29)", Print(query, new DnsPrintContext { Verbosity = 2 }));
    }

    [Fact]
    public void A_message_cut_inside_its_question_ends_with_the_truncation_mark()
    {
        byte[] query = Convert.FromHexString("123401000001000000000001" + "076578616d706c6503636f6d00" + "00010001");
        // The header says one question and one additional record; the bytes stop after 15.
        using var output = new Utf8Builder();
        DnsPrinter.Print(query.AsSpan(0, 15), query.Length, output, new DnsPrintContext());
        Assert.Equal("4660+ [1au] [|domain]", output.ToString());
    }

    [Fact]
    public void Over_tcp_the_length_prefix_must_match_the_segment()
    {
        byte[] segment = Convert.FromHexString("0020" + "12340100000100000000000007" + "6578616d706c6503636f6d00" + "00010001");
        Assert.Equal(" [prefix length(32) != length(29)] (invalid)", Print(segment, new DnsPrintContext { OverTcp = true }));
        BinaryPrimitives.WriteUInt16BigEndian(segment, 29);
        Assert.Equal(" 4660+ A? example.com. (29)", Print(segment, new DnsPrintContext { OverTcp = true }));
        Assert.Equal(" [DNS over TCP: length 1 < 2] (invalid)", Print(segment.AsSpan(0, 1), new DnsPrintContext { OverTcp = true }));
    }

    private static string Print(ReadOnlySpan<byte> message, DnsPrintContext context)
    {
        using var output = new Utf8Builder();
        DnsPrinter.Print(message, output, context);
        return output.ToString();
    }

    /// <summary>
    /// The DNS part of tcpdump's line: after "a.53 &gt; b.c: " (and the UDP checksum note -v adds
    /// over IPv6) for UDP; over TCP, what follows ", length N", which starts with a space.
    /// </summary>
    private static string ExpectedDnsText(string line, Message message)
    {
        if (message.OverTcp)
        {
            string marker = $", length {message.Length}";
            int end = line.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(end >= 0, line);
            return line[(end + marker.Length)..];
        }
        int colon = line.IndexOf(": ", line.IndexOf(" > ", StringComparison.Ordinal), StringComparison.Ordinal);
        string text = line[(colon + 2)..];
        if (text.StartsWith('['))
        {
            int note = text.IndexOf("] ", StringComparison.Ordinal);
            if (text.StartsWith("[udp sum ok]", StringComparison.Ordinal) || text.StartsWith("[bad udp cksum", StringComparison.Ordinal))
                text = text[(note + 2)..];
        }
        return text;
    }

    /// <summary>
    /// DNS messages in Ethernet or NULL-link IPv4/IPv6 packets without extension headers, on UDP or
    /// TCP port 53 or UDP port 5353; TCP segments without payload are left out.
    /// </summary>
    private static List<Message> FindMessages(List<CaptureRecord> records)
    {
        var found = new List<Message>();
        for (int i = 0; i < records.Count; i++)
        {
            byte[] d = records[i].Data;
            int ip;
            if (records[i].LinkType == LinkType.Null) ip = 4;
            else if (BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(12)) is 0x0800 or 0x86DD) ip = 14;
            else continue;
            int protocol, transport;
            long ipPayload;
            if (d[ip] >> 4 == 4)
            {
                protocol = d[ip + 9];
                transport = ip + (d[ip] & 0x0F) * 4;
                ipPayload = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(ip + 2)) - (d[ip] & 0x0F) * 4;
            }
            else
            {
                protocol = d[ip + 6];
                transport = ip + 40;
                ipPayload = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(ip + 4));
            }
            int source = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(transport));
            int destination = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(transport + 2));
            bool dns = source == 53 || destination == 53;
            if (protocol == 17 && (dns || source == 5353 || destination == 5353))
            {
                long udpPayload = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(transport + 4)), ipPayload) - 8;
                byte[] bytes = d[(transport + 8)..(int)Math.Min(d.Length, transport + 8 + udpPayload)];
                found.Add(new Message(i, bytes, udpPayload, OverTcp: false, Multicast: !dns));
            }
            else if (protocol == 6 && dns)
            {
                int header = (d[transport + 12] >> 4) * 4;
                long segmentPayload = ipPayload - header;
                if (segmentPayload > 0)
                    found.Add(new Message(i, d[(transport + header)..], segmentPayload, OverTcp: true, Multicast: false));
            }
        }
        return found;
    }
}
