using System.Net;
using SockScope.Net.Attribution;
using SockScope.Wire;

namespace SockScope.Net.Tests.Attribution;

public class AttributionTableTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ProcessInfo Curl = Process(100, "curl"), Server = Process(200, "python3"), Ping = Process(300, "ping"), Other = Process(400, "wget");

    private static ProcessInfo Process(int pid, string comm) => new() { Pid = pid, Command = comm, Executable = "/usr/bin/" + comm, Arguments = [comm] };

    private static Endpoint E(string address, int port) => ProcessAttribution.ToEndpoint(IPAddress.Parse(address), port);

    private static PacketFlow Flow(byte protocol, string src, int sport, string dst, int dport) => new(protocol, E(src, sport), E(dst, dport));

    /// <summary>A TCP segment with SYN set (a connection's first, or its SYN-ACK).</summary>
    private static PacketFlow Syn(string src, int sport, string dst, int dport) => Flow(6, src, sport, dst, dport) with { Syn = true };

    [Fact]
    public void AnExactFlowMatchesItsPacketsInBothDirectionsAndNoOther()
    {
        var table = new AttributionTable();
        table.AddFlow(Flow(6, "10.0.0.1", 40000, "10.0.0.2", 80).AsSent, Curl);
        Assert.Same(Curl, table.Lookup(Flow(6, "10.0.0.1", 40000, "10.0.0.2", 80), outgoing: true, T0));
        Assert.Same(Curl, table.Lookup(Flow(6, "10.0.0.2", 80, "10.0.0.1", 40000), outgoing: false, T0));
        Assert.Null(table.Lookup(Flow(6, "10.0.0.1", 40001, "10.0.0.2", 80), outgoing: true, T0));
        Assert.Null(table.Lookup(Flow(17, "10.0.0.1", 40000, "10.0.0.2", 80), outgoing: true, T0));
        // An incoming packet is the receiver's: the sender's view of it is not looked at.
        Assert.Null(table.Lookup(Flow(6, "10.0.0.1", 40000, "10.0.0.2", 80), outgoing: false, T0));
    }

    [Fact]
    public void IntentsAreTakenOldestFirstAndPinTheirFlow()
    {
        var table = new AttributionTable();
        table.AddIntent(E("10.0.0.2", 80), Curl, T0);
        table.AddIntent(E("10.0.0.2", 80), Other, T0.AddMilliseconds(1));
        Assert.Equal(2, table.PendingIntents);
        Assert.Same(Curl, table.Lookup(Syn("10.0.0.1", 40000, "10.0.0.2", 80), true, T0.AddMilliseconds(2)));
        Assert.Same(Other, table.Lookup(Syn("10.0.0.1", 40001, "10.0.0.2", 80), true, T0.AddMilliseconds(3)));
        // Pinned: the reply and later packets of each flow keep their process.
        Assert.Same(Curl, table.Lookup(Flow(6, "10.0.0.2", 80, "10.0.0.1", 40000), false, T0.AddSeconds(30)));
        Assert.Same(Other, table.Lookup(Flow(6, "10.0.0.1", 40001, "10.0.0.2", 80), true, T0.AddSeconds(30)));
        Assert.Equal(0, table.PendingIntents);
        Assert.Null(table.Lookup(Syn("10.0.0.1", 40002, "10.0.0.2", 80), true, T0.AddSeconds(30)));
    }

    [Fact]
    public void ANewConnectionOnAUsedFourTupleTakesItsOwnProcess()
    {
        var table = new AttributionTable();
        table.AddIntent(E("10.0.0.2", 80), Curl, T0);
        Assert.Same(Curl, table.Lookup(Syn("10.0.0.1", 40000, "10.0.0.2", 80), true, T0.AddMilliseconds(1)));
        Assert.Same(Curl, table.Lookup(Flow(6, "10.0.0.1", 40000, "10.0.0.2", 80) with { Ack = true }, true, T0.AddMilliseconds(2)));
        // curl's SYN sent again finds no new call: still curl's.
        Assert.Same(Curl, table.Lookup(Syn("10.0.0.1", 40000, "10.0.0.2", 80), true, T0.AddMilliseconds(3)));
        // Later wget connects from the same port to the same server: its SYN and the rest of its connection are wget's.
        table.AddIntent(E("10.0.0.2", 80), Other, T0.AddSeconds(5));
        Assert.Same(Other, table.Lookup(Syn("10.0.0.1", 40000, "10.0.0.2", 80), true, T0.AddSeconds(5).AddMilliseconds(1)));
        Assert.Same(Other, table.Lookup(Flow(6, "10.0.0.2", 80, "10.0.0.1", 40000) with { Syn = true, Ack = true }, false, T0.AddSeconds(5).AddMilliseconds(2)));
        Assert.Same(Other, table.Lookup(Flow(6, "10.0.0.1", 40000, "10.0.0.2", 80) with { Ack = true }, true, T0.AddSeconds(5).AddMilliseconds(3)));
    }

    [Fact]
    public void ANewConnectionToAListenerOnAUsedFourTupleTakesTheListenerNow()
    {
        var table = new AttributionTable();
        table.AddBound(6, E("0.0.0.0", 8080), Server);
        Assert.Same(Server, table.Lookup(Syn("10.0.0.9", 50000, "10.0.0.1", 8080), false, T0));
        // The first server went away; another process listens on the port now, and the client uses its old port again.
        table.AddBound(6, E("0.0.0.0", 8080), Other);
        Assert.Same(Other, table.Lookup(Syn("10.0.0.9", 50000, "10.0.0.1", 8080), false, T0.AddSeconds(60)));
        Assert.Same(Other, table.Lookup(Flow(6, "10.0.0.1", 8080, "10.0.0.9", 50000) with { Syn = true, Ack = true }, true, T0.AddSeconds(60)));
    }

    [Fact]
    public void OnlyASynTakesAConnectIntent()
    {
        var table = new AttributionTable();
        table.AddIntent(E("10.0.0.2", 80), Curl, T0);
        // A later segment of a connection nobody knew (opened before the capture) is not curl's.
        Assert.Null(table.Lookup(Flow(6, "10.0.0.1", 39999, "10.0.0.2", 80), true, T0.AddMilliseconds(1)));
        Assert.Null(table.Lookup(Flow(6, "10.0.0.2", 80, "10.0.0.1", 39999), false, T0.AddMilliseconds(1)));
        Assert.Equal(1, table.PendingIntents);
        // The SYN-ACK answering a SYN that was not looked up takes it (the connecting socket receives it).
        Assert.Same(Curl, table.Lookup(Syn("10.0.0.2", 80, "10.0.0.1", 40000), false, T0.AddMilliseconds(2)));
        Assert.Same(Curl, table.Lookup(Flow(6, "10.0.0.1", 40000, "10.0.0.2", 80), true, T0.AddMilliseconds(3)));
    }

    [Fact]
    public void APacketSentBeforeTheCallDoesNotTakeItsIntent()
    {
        var table = new AttributionTable();
        table.AddIntent(E("10.0.0.2", 53), Curl, T0);
        // Stamped 100 ms before the sendto: some other socket's, whatever its address.
        Assert.Null(table.Lookup(Flow(17, "10.0.0.1", 5353, "10.0.0.2", 53), true, T0.AddMilliseconds(-100)));
        // Within the clocks' tolerance it is the call's.
        Assert.Same(Curl, table.Lookup(Flow(17, "10.0.0.1", 5354, "10.0.0.2", 53), true, T0 - AttributionTable.CausalityTolerance / 2));
    }

    [Fact]
    public void ManySendsKeepTheirFirstCallsTimeSoTheFirstDatagramStillFits()
    {
        var table = new AttributionTable();
        // Five sendto calls read at once, after the first datagram was stamped.
        for (int i = 0; i < 5; i++) table.AddIntent(E("10.0.0.2", 53), Curl, T0.AddMilliseconds(100 * i));
        Assert.Same(Curl, table.Lookup(Flow(17, "10.0.0.1", 5353, "10.0.0.2", 53), true, T0.AddMilliseconds(1)));
    }

    [Fact]
    public void IcmpEchoNeverTakesAnIntentWithAPort()
    {
        // Issue 11: ping ran before the capture (its sendmsg unseen), curl connected after: ping's
        // echo request took curl's connect intent by address, and curl's SYN then found none.
        var table = new AttributionTable();
        table.AddIntent(E("10.0.0.2", 8000), Curl, T0);
        Assert.Null(table.Lookup(Flow(1, "10.0.0.1", 9526, "10.0.0.2", 9526), true, T0.AddMilliseconds(5)));
        Assert.Null(table.Lookup(Flow(1, "10.0.0.2", 9526, "10.0.0.1", 9526), false, T0.AddMilliseconds(6)));
        Assert.Same(Curl, table.Lookup(Syn("10.0.0.1", 40000, "10.0.0.2", 8000), true, T0.AddMilliseconds(7)));
        // iputils' UDP route probe (a connect to port 1025) is no echo's either.
        table.AddIntent(E("10.0.0.2", 1025), Ping, T0.AddMilliseconds(8));
        Assert.Null(table.Lookup(Flow(1, "10.0.0.1", 9527, "10.0.0.2", 9527), true, T0.AddMilliseconds(9)));
        // A ping's echo request sent before its own sendmsg does not take it either.
        table.AddIntent(E("10.0.0.2", 0), Ping, T0.AddMilliseconds(500));
        Assert.Null(table.Lookup(Flow(1, "10.0.0.1", 9528, "10.0.0.2", 9528), true, T0.AddMilliseconds(10)));
        Assert.Same(Ping, table.Lookup(Flow(1, "10.0.0.1", 9528, "10.0.0.2", 9528), true, T0.AddMilliseconds(501)));
    }

    [Fact]
    public void ManySendsOfOneProcessWaitAsOneIntentAndOldOnesExpire()
    {
        var table = new AttributionTable();
        for (int i = 0; i < 5; i++) table.AddIntent(E("10.0.0.2", 53), Curl, T0.AddMilliseconds(i));
        Assert.Equal(1, table.PendingIntents);
        Assert.Same(Curl, table.Lookup(Flow(17, "10.0.0.1", 5353, "10.0.0.2", 53), true, T0));
        table.AddIntent(E("10.0.0.2", 53), Other, T0);
        Assert.Null(table.Lookup(Flow(17, "10.0.0.1", 5354, "10.0.0.2", 53), true, T0.AddMinutes(1)));
    }

    [Fact]
    public void IcmpEchoMatchesAnIntentToTheAddressAndTheReplyByItsIdentifier()
    {
        var table = new AttributionTable();
        table.AddIntent(E("10.0.0.2", 1025), Other, T0);   // iputils' route probe: a UDP connect
        table.AddIntent(E("10.0.0.2", 0), Ping, T0.AddMilliseconds(1));
        Assert.Same(Ping, table.Lookup(Flow(1, "10.0.0.1", 777, "10.0.0.2", 777), true, T0.AddMilliseconds(2)));
        Assert.Same(Ping, table.Lookup(Flow(1, "10.0.0.2", 777, "10.0.0.1", 777), false, T0.AddMilliseconds(3)));
        Assert.Null(table.Lookup(Flow(1, "10.0.0.2", 778, "10.0.0.1", 778), false, T0.AddMilliseconds(3)));
    }

    [Fact]
    public void BoundPortsTakeIncomingConnectionsPreferringTheExactAddress()
    {
        var table = new AttributionTable();
        table.AddBound(6, E("0.0.0.0", 8000), Other);
        table.AddBound(6, E("10.0.0.1", 8000), Server);
        Assert.Same(Server, table.Lookup(Flow(6, "10.0.0.9", 50000, "10.0.0.1", 8000), false, T0));
        Assert.Same(Other, table.Lookup(Flow(6, "10.0.0.9", 50000, "10.0.0.3", 8000), false, T0));
        Assert.Null(table.Lookup(Flow(17, "10.0.0.9", 50000, "10.0.0.1", 8000), false, T0));
        table.AddBound(0, E("::", 9000), Server);    // bind(): TCP and UDP alike
        Assert.Same(Server, table.Lookup(Flow(17, "fd00::9", 50000, "fd00::1", 9000), false, T0));
    }

    [Fact]
    public void TheFlowTableStaysBoundedUnderChurn()
    {
        var table = new AttributionTable { MaxFlows = 1000 };
        for (int i = 0; i < 100_000; i++)
        {
            table.AddIntent(E("10.0.0.2", 80), Curl, T0);
            Assert.Same(Curl, table.Lookup(Syn($"10.1.{i / 60000}.1", 1024 + i % 60000, "10.0.0.2", 80), true, T0));
        }
        Assert.InRange(table.FlowCount, 1, 1000);
        Assert.True(table.FlowsEvicted >= 99_000);
    }

    [Fact]
    public void PacketFlowReadsEthernetCookedAndRawFrames()
    {
        byte[] ip = [0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x13, 0x88, 0x00, 0x35, 0, 8, 0, 0];
        byte[] ethernet = [.. new byte[12], 0x08, 0x00, .. ip];
        byte[] sll2 = [0x08, 0x00, .. new byte[18], .. ip];
        PacketFlow expected = Flow(17, "10.0.0.1", 5000, "10.0.0.2", 53);
        Assert.True(PacketFlow.TryRead(LinkType.Ethernet, ethernet, out PacketFlow f1));
        Assert.Equal(expected, f1);
        Assert.True(PacketFlow.TryRead(LinkType.LinuxSll2, sll2, out PacketFlow f2));
        Assert.Equal(expected, f2);
        Assert.True(PacketFlow.TryRead(LinkType.Raw, ip, out PacketFlow f3));
        Assert.Equal(expected, f3);
        Assert.False(f3.Syn);
        byte[] syn = [0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0];
        Assert.True(PacketFlow.TryRead(LinkType.Raw, syn, out PacketFlow s));
        Assert.True(s.Syn);
        Assert.Equal(Syn("10.0.0.1", 40000, "10.0.0.2", 80), s);
        Assert.False(PacketFlow.TryRead(LinkType.Raw, ip.AsSpan(0, 22), out _));       // cut inside UDP
        byte[] fragment = (byte[])ip.Clone();
        fragment[7] = 8;                                                                    // a later fragment: no ports
        Assert.False(PacketFlow.TryRead(LinkType.Raw, fragment, out _));
    }
}
