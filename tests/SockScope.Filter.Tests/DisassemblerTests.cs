using System.Diagnostics;
using SockScope.TestSupport;
using SockScope.Wire;

namespace SockScope.Filter.Tests;

public sealed class DisassemblerTests
{
    // Expected text observed from `tcpdump -y EN10MB -d 'tcp port 80'` (tcpdump 4.99.3).
    private const string TcpPort80 = """
        (000) ldh      [12]
        (001) jeq      #0x86dd          jt 2	jf 8
        (002) ldb      [20]
        (003) jeq      #0x6             jt 4	jf 19
        (004) ldh      [54]
        (005) jeq      #0x50            jt 18	jf 6
        (006) ldh      [56]
        (007) jeq      #0x50            jt 18	jf 19
        (008) jeq      #0x800           jt 9	jf 19
        (009) ldb      [23]
        (010) jeq      #0x6             jt 11	jf 19
        (011) ldh      [20]
        (012) jset     #0x1fff          jt 19	jf 13
        (013) ldxb     4*([14]&0xf)
        (014) ldh      [x + 14]
        (015) jeq      #0x50            jt 18	jf 16
        (016) ldh      [x + 16]
        (017) jeq      #0x50            jt 18	jf 19
        (018) ret      #262144
        (019) ret      #0

        """;

    [Fact]
    public void PrintsLikeTcpdumpD()
    {
        BpfProgram program = FilterCompiler.Compile("tcp port 80", LinkType.Ethernet);
        Assert.Equal(TcpPort80.Replace("\r", ""), BpfDisassembler.Disassemble(program.Instructions));
    }

    [Fact]
    public void CArrayAndDecimalForms()
    {
        BpfProgram program = FilterCompiler.Compile("ip", LinkType.Ethernet);
        Assert.Equal("{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 1, 0x00000800 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n",
            BpfDisassembler.AsCArray(program.Instructions));
        Assert.Equal("4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n", BpfDisassembler.AsDecimal(program.Instructions));
    }

    [Theory]
    [InlineData("tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn")]
    [InlineData("ip[2:2] + 1 > ip[0] * 3 and len % 3 = 0 and ip[0] ^ 1 = 2")]
    [InlineData("ip[ip[0] & 0xf] > 1 and tcp[tcp[12] >> 4] = 0 or -ip[1] = 0")]
    [InlineData("vlan 94 and udp portrange 1-1023")]
    public void AssemblerReadsBackEveryForm(string expression)
    {
        BpfProgram program = FilterCompiler.Compile(expression, LinkType.Ethernet);
        foreach (string text in new[] { BpfDisassembler.Disassemble(program.Instructions), BpfDisassembler.AsCArray(program.Instructions), BpfDisassembler.AsDecimal(program.Instructions) })
        {
            Assert.Equal(program.Instructions.ToArray(), BpfAssembler.Assemble(text).Instructions.ToArray());
        }
    }

    [Fact]
    public void AssemblerReadsRetAJaAndLongJumps()
    {
        BpfProgram program = BpfAssembler.Assemble("ld #pktlen\nja 4\nret #0\nret #1\nret a\n");
        Assert.Equal(5, program.Length);
        Assert.Equal(1500u, program.Run([], 1500));
        Assert.Equal("(001) ja       4", BpfDisassembler.Line(program.Instructions[1], 1));
    }

    /// <summary>libpcap's own program (from tcpdump -dd), assembled by us, gives the verdicts ours gives.</summary>
    [CorpusFact("tcpdump")]
    public void LibpcapsProgramsAgreeWithOursOnTheCorpus()
    {
        string tcpdump = Tools.Find("tcpdump")!;
        string[] expressions = ["tcp port 80", "udp and not port 53", "icmp or arp", "ip[6:2] & 0x1fff != 0", "ip6 and tcp", "vlan and ip"];
        var packets = Corpus.CoreCaptures().Where(p => p.EndsWith(".pcap", StringComparison.Ordinal))
            .Select(TestCaptures.Read).Where(c => c.LinkType == 1).SelectMany(c => c.Packets).ToList();
        Assert.NotEmpty(packets);
        foreach (string expression in expressions)
        {
            var start = new ProcessStartInfo(tcpdump, ["-y", "EN10MB", "-ddd", expression]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process process = Process.Start(start)!;
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            BpfProgram libpcap = BpfAssembler.Assemble(text);
            BpfProgram ours = FilterCompiler.Compile(expression, LinkType.Ethernet);
            foreach (TestCaptures.Packet p in packets)
                Assert.Equal(libpcap.Matches(p.Data, p.WireLength), ours.Matches(p.Data, p.WireLength));
        }
    }
}
