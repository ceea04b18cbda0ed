using System.Text;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;
using SockScope.Analysis.Tests.Defragmentation;
using SockScope.Wire;
using SockScope.Wire.Transport;
using static SockScope.Analysis.Tests.Flows.PacketFactory;

namespace SockScope.Analysis.Tests;

public sealed class TrafficAnalyzerTests
{
    private const long Ms = 1_000_000;
    private const string C = "10.0.0.1", S = "10.0.0.2";

    private static byte[] Data(string src, ushort sport, string dst, ushort dport, uint seq, uint ack, string text)
    {
        byte[] p = Tcp(src, sport, dst, dport, seq, ack, TcpFlags.Psh | TcpFlags.Ack, text.Length);
        Encoding.ASCII.GetBytes(text).CopyTo(p, 40);
        return p;
    }

    [Fact]
    public void StreamsFlowsAndEndsComeOutAsEvents()
    {
        var analyzer = new TrafficAnalyzer();
        var streams = new[] { new StringBuilder(), new StringBuilder() };
        var events = new List<string>();
        analyzer.FlowStarted += f => events.Add($"start {f.OriginatorPort}->{f.ResponderPort}");
        analyzer.StreamData += (f, d, offset, data) => streams[(int)d].Append(Encoding.ASCII.GetString(data));
        analyzer.StreamEnded += (f, d, reason) => events.Add($"end {d} {reason}");
        analyzer.FlowEnded += f => events.Add($"flow {f.State} missed {f.MissedBytes}");
        long t = 0;
        void Feed(byte[] p) => analyzer.Process(p, LinkType.Raw, t += Ms, p.Length);

        Feed(Tcp(C, 40000, S, 80, 100, 0, TcpFlags.Syn));
        Feed(Tcp(S, 80, C, 40000, 700, 101, TcpFlags.Syn | TcpFlags.Ack));
        Feed(Tcp(C, 40000, S, 80, 101, 701, TcpFlags.Ack));
        Feed(Data(C, 40000, S, 80, 106, 701, "world"));   // ahead of a hole: held
        Feed(Data(C, 40000, S, 80, 101, 701, "hello"));   // fills it
        Feed(Data(S, 80, C, 40000, 701, 111, "reply"));
        Feed(Tcp(C, 40000, S, 80, 111, 706, TcpFlags.Fin | TcpFlags.Ack));
        Feed(Tcp(S, 80, C, 40000, 706, 112, TcpFlags.Fin | TcpFlags.Ack));
        Feed(Tcp(C, 40000, S, 80, 112, 707, TcpFlags.Ack));
        analyzer.Finish();

        Assert.Equal("helloworld", streams[0].ToString());
        Assert.Equal("reply", streams[1].ToString());
        Assert.Equal(["start 40000->80", "end Originator Fin", "end Responder Fin", "flow SF missed 0"], events);
        Assert.Equal(9, analyzer.Statistics.FlowPackets);
    }

    [Fact]
    public void AStreamStartedAtAnOutOfOrderSegmentStillBeginsAtTheSyn()
    {
        var analyzer = new TrafficAnalyzer();
        var text = new StringBuilder();
        analyzer.StreamData += (_, d, _, data) => { if (d == FlowDirection.Originator) text.Append(Encoding.ASCII.GetString(data)); };
        long t = 0;
        void Feed(byte[] p) => analyzer.Process(p, LinkType.Raw, t += Ms, p.Length);
        Feed(Tcp(C, 40000, S, 80, 100, 0, TcpFlags.Syn));
        Feed(Tcp(S, 80, C, 40000, 700, 101, TcpFlags.Syn | TcpFlags.Ack));
        Feed(Data(C, 40000, S, 80, 104, 701, "def"));  // the first payload the flow sees is out of order
        Feed(Data(C, 40000, S, 80, 101, 701, "abc"));
        Assert.Equal("abcdef", text.ToString());
    }

    [Fact]
    public void FragmentsAreReassembledBeforeTheyCountAndTheDatagramIsRaised()
    {
        var analyzer = new TrafficAnalyzer();
        byte[] udp = FragmentFactory.Udp(3000);
        int raised = 0;
        analyzer.DatagramReassembled += (datagram, _) => { raised++; Assert.Equal(20 + udp.Length, datagram.Length); };
        Flow? flow = null;
        analyzer.FlowEnded += f => flow = f;
        byte[] a = FragmentFactory.V4(9, 1480, false, udp.AsSpan(1480)), b = FragmentFactory.V4(9, 0, true, udp.AsSpan(0, 1480));
        analyzer.Process(a, LinkType.Raw, Ms, a.Length);
        analyzer.Process(b, LinkType.Raw, 2 * Ms, b.Length);
        analyzer.Finish();
        Assert.Equal(1, raised);
        Assert.Equal(1, flow!.Originator.Packets);
        Assert.Equal(20 + udp.Length, flow.Originator.IpBytes);
        Assert.Equal((ushort)4000, flow.OriginatorPort);
        Assert.Equal(2, analyzer.Statistics.Fragments);
        Assert.Equal(1, analyzer.Statistics.Reassembled);
    }

    [Fact]
    public void ALostSegmentShowsAsMissedBytesAndAGapLetter()
    {
        var analyzer = new TrafficAnalyzer();
        Flow? flow = null;
        analyzer.FlowEnded += f => flow = f;
        long t = 0;
        void Feed(byte[] p) => analyzer.Process(p, LinkType.Raw, t += Ms, p.Length);
        Feed(Tcp(C, 40000, S, 80, 100, 0, TcpFlags.Syn));
        Feed(Tcp(S, 80, C, 40000, 700, 101, TcpFlags.Syn | TcpFlags.Ack));
        Feed(Data(C, 40000, S, 80, 101, 701, "aaaa"));
        Feed(Data(C, 40000, S, 80, 115, 701, "cccc"));        // 10 bytes never captured
        Feed(Tcp(S, 80, C, 40000, 701, 119, TcpFlags.Ack));   // the server had them all
        analyzer.Finish();
        Assert.Equal(10, flow!.MissedBytes);
        Assert.Contains('G', flow.History);
    }

    [Fact]
    public void GarbageIsCountedNotThrown()
    {
        var analyzer = new TrafficAnalyzer();
        analyzer.Process([0x45, 0, 0], LinkType.Raw, 0, 3);
        analyzer.Process([], LinkType.Ethernet, 0, 0);
        analyzer.Process(new byte[60], (LinkType)9999, 0, 60);
        Assert.Equal(3, analyzer.Statistics.NotIp);
    }
}
