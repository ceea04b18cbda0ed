using SockScope.Analysis.Flows;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;
using static SockScope.Analysis.Tests.Flows.PacketFactory;

namespace SockScope.Analysis.Tests.Flows;

public sealed class FlowTableTests
{
    private const long Ms = 1_000_000;
    private const long Second = 1_000_000_000;
    private const string C = "10.0.0.1", S = "10.0.0.2";
    private const TcpFlags Syn = TcpFlags.Syn, Ack = TcpFlags.Ack, Fin = TcpFlags.Fin, Rst = TcpFlags.Rst, Psh = TcpFlags.Psh;

    private static (FlowTable Table, List<Flow> Ended) NewTable(FlowTableOptions? options = null)
    {
        var table = new FlowTable(options);
        var ended = new List<Flow>();
        table.FlowEnded += ended.Add;
        return (table, ended);
    }

    /// <summary>SYN, SYN-ACK, ACK, then <paramref name="request"/> and <paramref name="response"/> bytes.</summary>
    private static Flow Established(FlowTable t, int request = 100, int response = 300)
    {
        t.Feed(Tcp(C, 40000, S, 80, 1000, 0, Syn), 0);
        t.Feed(Tcp(S, 80, C, 40000, 5000, 1001, Syn | Ack), 1 * Ms);
        t.Feed(Tcp(C, 40000, S, 80, 1001, 5001, Ack), 2 * Ms);
        if (request > 0) t.Feed(Tcp(C, 40000, S, 80, 1001, 5001, Psh | Ack, request), 3 * Ms);
        return response > 0 ? t.Feed(Tcp(S, 80, C, 40000, 5001, 1001 + (uint)request, Psh | Ack, response), 4 * Ms)
                            : t.Feed(Tcp(S, 80, C, 40000, 5001, 1001 + (uint)request, Ack), 4 * Ms);
    }

    [Fact]
    public void ANormalConnectionIsSFWithZeeksHistoryAndByteCounts()
    {
        var (t, _) = NewTable();
        Flow f = Established(t);
        t.Feed(Tcp(C, 40000, S, 80, 1101, 5301, Fin | Ack), 5 * Ms);
        t.Feed(Tcp(S, 80, C, 40000, 5301, 1102, Fin | Ack), 6 * Ms);
        t.Feed(Tcp(C, 40000, S, 80, 1102, 5302, Ack), 7 * Ms);
        Assert.Equal(ConnectionState.SF, f.State);
        Assert.Equal("ShADdFf", f.History);
        Assert.Equal((100L, 300L), (f.OriginatorBytes, f.ResponderBytes));
        Assert.Equal((5L, 3L), (f.Originator.Packets, f.Responder.Packets));
        Assert.Equal(5 * 40 + 100, f.Originator.IpBytes);
        Assert.Equal(3 * 40 + 300, f.Responder.IpBytes);
        Assert.Equal(FlowAddress.Parse(C), f.OriginatorAddress);
        Assert.Equal((ushort)80, f.ResponderPort);
        Assert.Equal(7 * Ms, f.LastTimestamp - f.FirstTimestamp);
    }

    [Fact]
    public void ASynWithoutAnswerIsS0AndRetransmittedSynsAddNoLetter()
    {
        var (t, _) = NewTable();
        Flow f = t.Feed(Tcp(C, 40000, S, 80, 1000, 0, Syn), 0);
        t.Feed(Tcp(C, 40000, S, 80, 1000, 0, Syn), 1 * Second);
        Assert.Equal(ConnectionState.S0, f.State);
        Assert.Equal("S", f.History);
        Assert.Equal((0L, 0L), (f.OriginatorBytes, f.ResponderBytes));
        Assert.Equal(2, f.Originator.Packets);
    }

    [Fact]
    public void ARefusedConnectionIsREJ()
    {
        var (t, _) = NewTable();
        Flow f = t.Feed(Tcp(C, 40000, S, 81, 1000, 0, Syn), 0);
        t.Feed(Tcp(S, 81, C, 40000, 0, 1001, Rst | Ack), Ms);
        Assert.Equal(ConnectionState.REJ, f.State);
        Assert.Equal("Sr", f.History);
    }

    [Fact]
    public void AnOriginatorAbortIsRSTOAndAResponderAbortIsRSTR()
    {
        var (t, _) = NewTable();
        Flow o = Established(t);
        t.Feed(Tcp(C, 40000, S, 80, 1101, 5301, Rst | Ack), 5 * Ms);
        Assert.Equal(ConnectionState.RSTO, o.State);
        Assert.Equal("ShADdR", o.History);

        var (t2, _) = NewTable();
        Flow r = Established(t2);
        t2.Feed(Tcp(S, 80, C, 40000, 5301, 1101, Rst | Ack), 5 * Ms);
        Assert.Equal(ConnectionState.RSTR, r.State);
    }

    [Fact]
    public void HalfOpenAndHalfClosedStates()
    {
        var (t, _) = NewTable();
        Flow s1 = Established(t);
        Assert.Equal(ConnectionState.S1, s1.State);
        t.Feed(Tcp(C, 40000, S, 80, 1101, 5301, Fin | Ack), 5 * Ms);
        Assert.Equal(ConnectionState.S2, s1.State);

        var (t2, _) = NewTable();
        Flow sh = t2.Feed(Tcp(C, 40001, S, 80, 1, 0, Syn), 0);
        t2.Feed(Tcp(C, 40001, S, 80, 2, 0, Fin), Ms);
        Assert.Equal(ConnectionState.SH, sh.State);

        var (t3, _) = NewTable();
        Flow rsts0 = t3.Feed(Tcp(C, 40002, S, 80, 1, 0, Syn), 0);
        t3.Feed(Tcp(C, 40002, S, 80, 2, 0, Rst), Ms);
        Assert.Equal(ConnectionState.RSTOS0, rsts0.State);
        Assert.Equal("SR", rsts0.History);
    }

    [Fact]
    public void MidstreamTrafficIsOTHAndServerPortsDecideTheOriginator()
    {
        var (t, _) = NewTable();
        // First packet seen is the server's data: the likely-server-port heuristic flips the roles.
        Flow f = t.Feed(Tcp(S, 443, C, 51000, 7000, 9000, Psh | Ack, 50), 0);
        t.Feed(Tcp(C, 51000, S, 443, 9000, 7050, Ack), Ms);
        Assert.True(f.Flipped);
        Assert.Equal(FlowAddress.Parse(C), f.OriginatorAddress);
        Assert.Equal((ushort)443, f.ResponderPort);
        Assert.Equal("^dA", f.History);
        Assert.Equal(ConnectionState.OTH, f.State);
        Assert.Equal(50, f.ResponderBytes);

        // A SYN-ACK seen first is not flipped when neither port says so (Zeek's stealth-scan rule).
        var (t2, _) = NewTable();
        Flow g = t2.Feed(Tcp(S, 50001, C, 50002, 1, 2, Syn | Ack), 0);
        Assert.False(g.Flipped);
        Assert.Equal(FlowAddress.Parse(S), g.OriginatorAddress);
    }

    [Fact]
    public void SequenceBytesIgnoreRetransmissionsAndSurviveWrapAround()
    {
        var (t, _) = NewTable();
        uint isn = 0xFFFF_FF00;
        Flow f = t.Feed(Tcp(C, 40000, S, 80, isn, 0, Syn), 0);
        t.Feed(Tcp(S, 80, C, 40000, 1, isn + 1, Syn | Ack), Ms);
        for (uint i = 0; i < 10; i++) t.Feed(Tcp(C, 40000, S, 80, isn + 1 + i * 100, 2, Ack, 100), (2 + i) * Ms);
        t.Feed(Tcp(C, 40000, S, 80, isn + 1 + 500, 2, Ack, 100), 20 * Ms); // retransmission
        Assert.Equal(1000, f.OriginatorBytes);
        Assert.Equal(1100, f.Originator.PayloadBytes);
        Assert.Equal("ShDT", f.History);
    }

    [Fact]
    public void UdpFlowsAndIcmpEchoPairUp()
    {
        var (t, _) = NewTable();
        Flow dns = t.Feed(Udp(C, 53000, S, 53, 30), 0);
        t.Feed(Udp(S, 53, C, 53000, 90), Ms);
        Assert.Equal(ConnectionState.SF, dns.State);
        Assert.Equal("Dd", dns.History);
        Assert.Equal((30L, 90L), (dns.OriginatorBytes, dns.ResponderBytes));

        Flow only = t.Feed(Udp(C, 53001, S, 53, 30), 0);
        Assert.Equal(ConnectionState.S0, only.State);

        // A reply from port 53 seen first: flipped.
        Flow reply = t.Feed(Udp(S, 53, C, 53002, 30), 0);
        Assert.True(reply.Flipped);
        Assert.Equal(ConnectionState.SHR, reply.State);

        Flow ping = t.Feed(Icmp(C, S, 8, 0), 0);
        Assert.Same(ping, t.Feed(Icmp(S, C, 0, 0), Ms));
        Assert.Equal((ushort)8, ping.OriginatorPort);
        Assert.Equal((ushort)0, ping.ResponderPort);
        Assert.Equal((1L, 1L), (ping.Originator.Packets, ping.Responder.Packets));
        Assert.Equal(ConnectionState.OTH, ping.State);
        Assert.Equal(56, ping.OriginatorBytes);
        Assert.Equal(CommunityId.ForTuple(FlowAddress.Parse(C), FlowAddress.Parse(S), IpProtocol.Icmp, 8, 0), ping.CommunityId());
    }

    [Fact]
    public void VlansSeparateFlows()
    {
        var (t, _) = NewTable();
        byte[] ip = Udp(C, 1000, S, 2000);
        Flow a = t.Feed(InVlan(ip, 10), 0, LinkType.Ethernet);
        Flow b = t.Feed(InVlan(ip, 20), 0, LinkType.Ethernet);
        Assert.NotSame(a, b);
        Assert.Equal(10, a.Vlan);
        Assert.Same(a, t.Feed(InVlan(Udp(S, 2000, C, 1000), 10), 0, LinkType.Ethernet));
    }

    [Fact]
    public void AFlowMovingToAShorterTimeoutListIsStillExpiredOnTime()
    {
        // Expire remembers when nothing can time out; a flow that becomes the head of a list with a
        // shorter timeout (here: closed by RST, 5 s) must not hide behind the UDP flow's 60 s.
        var (t, _) = NewTable();
        Flow udp = t.Feed(Udp(C, 1000, S, 2000), 0);
        Assert.Equal(0, t.Expire(1 * Second));
        Established(t);
        // A second connection, not the head of the open-TCP list, is reset: it alone enters the closed list.
        t.Feed(Tcp(C, 40001, S, 80, 7000, 0, Syn), 5 * Ms);
        t.Feed(Tcp(S, 80, C, 40001, 9000, 7001, Syn | Ack), 6 * Ms);
        Flow tcp = t.Feed(Tcp(C, 40001, S, 80, 7001, 9001, Ack), 7 * Ms);
        t.Feed(Tcp(C, 40001, S, 80, 7001, 9001, Rst), 10 * Ms);
        Assert.Equal(0, t.Expire(2 * Second));
        Assert.Equal(1, t.Expire(6 * Second));
        Assert.Equal(FlowEndReason.TcpClosed, tcp.EndReason);
        Assert.Equal(0, t.Expire(59 * Second));
        Assert.Equal(1, t.Expire(60 * Second));
        Assert.Equal(FlowEndReason.IdleTimeout, udp.EndReason);
    }

    [Fact]
    public void IdleClosedAndActiveTimeoutsEndFlows()
    {
        var (t, ended) = NewTable(new FlowTableOptions { ActiveTimeout = TimeSpan.FromSeconds(100) });
        Flow udp = t.Feed(Udp(C, 1000, S, 2000), 0);
        Flow tcp = Established(t);
        t.Feed(Tcp(C, 40000, S, 80, 1101, 5301, Rst), 10 * Ms);
        Assert.Equal(0, t.Expire(4 * Second));
        Assert.Equal(1, t.Expire(6 * Second)); // the reset connection, after the 5 s close delay
        Assert.Equal(FlowEndReason.TcpClosed, tcp.EndReason);
        Assert.Equal(1, t.Expire(60 * Second)); // UDP idle for a minute
        Assert.Equal(FlowEndReason.IdleTimeout, udp.EndReason);
        Assert.Equal([tcp, udp], ended);

        Flow longUdp = t.Feed(Udp(C, 1001, S, 2000), 100 * Second);
        for (int i = 1; i <= 10; i++) t.Feed(Udp(C, 1001, S, 2000), (100 + i * 10) * Second);
        Assert.Equal(FlowEndReason.ActiveTimeout, longUdp.EndReason);
        Assert.Equal(1, t.Count); // a new flow for the packet after the active timeout
    }

    [Fact]
    public void ASynFloodStaysUnderTheFlowCapAndEvictionsAreCounted()
    {
        var (t, ended) = NewTable(new FlowTableOptions { MaxFlows = 100 });
        for (int i = 0; i < 5000; i++)
            t.Feed(Tcp($"10.1.{i >> 8}.{i & 255}", (ushort)(1024 + i), S, 80, (uint)i, 0, Syn), i * Ms);
        Assert.Equal(100, t.Count);
        Assert.Equal(4900, t.Statistics.Evicted);
        Assert.Equal(100, t.Statistics.Peak);
        Assert.Equal(4900, ended.Count);
        Assert.All(ended, f => Assert.Equal(FlowEndReason.Evicted, f.EndReason));
        Assert.All(ended, f => Assert.Equal(ConnectionState.S0, f.State));
        t.Flush();
        Assert.Equal(5000, ended.Count);
    }

    [Fact]
    public void ANewSynOnAClosedConnectionStartsANewFlow()
    {
        var (t, ended) = NewTable();
        Flow first = Established(t);
        t.Feed(Tcp(C, 40000, S, 80, 1101, 5301, Rst), 5 * Ms);
        Flow second = t.Feed(Tcp(C, 40000, S, 80, 777777, 0, Syn), 6 * Ms);
        Assert.NotSame(first, second);
        Assert.Equal(FlowEndReason.Reused, first.EndReason);
        Assert.Equal([first], ended);
    }

    [Fact]
    public void CountingAPacketIntoAnExistingFlowAllocatesNothing()
    {
        var (t, _) = NewTable();
        Established(t);
        byte[] data = Tcp(C, 40000, S, 80, 1101, 5301, Psh | Ack, 1000);
        byte[] ack = Tcp(S, 80, C, 40000, 5301, 2101, Ack);
        var decodedData = default(DecodedPacket);
        var decodedAck = default(DecodedPacket);
        void Run(int n)
        {
            for (int i = 0; i < n; i++)
            {
                PacketDecoder.DecodeInto(LinkType.Raw, data, ref decodedData);
                FlowPacket.TryCreate(data, decodedData, out FlowPacket p);
                t.Process(p, 10 * Ms + i, data.Length, out _);
                PacketDecoder.DecodeInto(LinkType.Raw, ack, ref decodedAck);
                FlowPacket.TryCreate(ack, decodedAck, out FlowPacket q);
                t.Process(q, 10 * Ms + i, ack.Length, out _);
            }
        }
        Run(50_000); // warm up past tiered compilation and on-stack replacement
        // The least of three passes: a one-off charge on this thread under load shows in one pass only.
        Assert.Equal(0, SockScope.TestSupport.Allocations.Least(() => Run(10_000)));
    }
}
