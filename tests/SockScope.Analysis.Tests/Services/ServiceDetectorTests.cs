using SockScope.Analysis.Flows;
using SockScope.Analysis.Services;
using SockScope.TestSupport;
using SockScope.Wire;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;
using static SockScope.Analysis.Tests.Services.ServicePayloads;

namespace SockScope.Analysis.Tests.Services;

/// <summary>Service detection from the first payloads: signatures that need both sides, well-known ports that need one, port-only protocols, the per-flow budget.</summary>
public sealed class ServiceDetectorTests
{
    private static string Tcp(ushort port, byte[][] client, byte[][] server)
    {
        var detector = new ServiceDetector(IpProtocol.Tcp, port);
        for (int i = 0; i < Math.Max(client.Length, server.Length); i++)
        {
            if (i < client.Length) detector.Observe(FlowDirection.Originator, client[i]);
            if (i < server.Length) detector.Observe(FlowDirection.Responder, server[i]);
        }
        return detector.Services.IsEmpty ? "-" : detector.Services.ToString();
    }

    private static string Udp(ushort port, byte[] payload, FlowDirection direction = FlowDirection.Originator) =>
        ServiceDetector.Classify(IpProtocol.Udp, direction, port, payload) is var s && s == ZeekService.None ? "-" : ZeekServiceNames.Name(s);

    [Fact]
    public void TlsIsNamedOnAnyPortWhenBothHellosAreSeenAndOnItsPortsFromTheClientHelloAlone()
    {
        Assert.Equal("ssl", Tcp(8443, [ClientHello], [ServerHello]));
        Assert.Equal("-", Tcp(8443, [ClientHello], []));
        Assert.Equal("ssl", Tcp(443, [ClientHello], []));
        Assert.Equal("ssl", Tcp(993, [ClientHello], [Text("garbage")]));
        // A server hello after an alert record still counts (Zeek's dpd_ssl_server allows one).
        Assert.Equal("ssl", Tcp(7000, [ClientHello], [[0x15, 3, 3, 0, 2, 2, 40, .. ServerHello]]));
        // The hello must open the stream: the signature is anchored there.
        Assert.Equal("-", Tcp(443, [Text("hello"), ClientHello], []));
        // A ServerHello from the originator is not a client's hello.
        Assert.Equal("-", Tcp(8443, [ServerHello], [ClientHello]));
        // A handshake record of version 3.4+ or a wrong message type is not TLS.
        Assert.Equal("-", Tcp(443, [[0x16, 3, 4, 0, 10, 1, 0, 0, 6, 3, 3]], []));
        Assert.Equal("-", Tcp(443, [TlsHandshake(11)], []));
    }

    [Fact]
    public void HttpNeedsARequestAndAStatusLineOffItsPorts()
    {
        byte[] get = Text("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"), ok = Text("HTTP/1.1 200 OK\r\n\r\n");
        Assert.Equal("http", Tcp(5000, [get], [ok]));
        Assert.Equal("-", Tcp(5000, [get], []));
        Assert.Equal("http", Tcp(80, [get], []));
        Assert.Equal("http", Tcp(8080, [Text("PUT /x HTTP/1.1\r\n")], []));
        // Off its ports, Zeek's signature knows GET, HEAD and POST only.
        Assert.Equal("-", Tcp(5000, [Text("PUT /x HTTP/1.1\r\n")], [ok]));
        Assert.Equal("-", Tcp(80, [Text("GETX / HTTP/1.1\r\n")], []));
        Assert.Equal("-", Tcp(5000, [get], [Text("HTTP/x")]));
    }

    [Fact]
    public void SshNeedsBothBannersOffPort22()
    {
        byte[] client = Text("SSH-2.0-OpenSSH_9.6\r\n"), server = Text("SSH-2.0-dropbear\r\n");
        Assert.Equal("ssh", Tcp(2222, [client], [server]));
        Assert.Equal("-", Tcp(2222, [client], []));
        Assert.Equal("ssh", Tcp(22, [client], []));
        Assert.Equal("ssh", Tcp(22, [], [server]));
        Assert.Equal("ssh", Tcp(2222, [Text("ssh-1.99-x\r\n")], [Text("SSH-1.5-y\r\n")]));
        Assert.Equal("-", Tcp(22, [Text("SSH-3.0-x\r\n")], []));
    }

    [Fact]
    public void FtpSmtpAndPop3AreToldApartByTheServersGreeting()
    {
        Assert.Equal("ftp", Tcp(2121, [Text("USER anonymous\r\n")], [Text("220 ProFTPD ready\r\n"), Text("331 Password required\r\n")]));
        Assert.Equal("-", Tcp(2121, [Text("USER anonymous\r\n")], [Text("220 ProFTPD ready\r\n")]));
        Assert.Equal("ftp", Tcp(21, [Text("USER anonymous\r\n")], [Text("220 ProFTPD ready\r\n")]));
        Assert.Equal("smtp", Tcp(2525, [Text("EHLO client.example\r\n")], [Text("220 mx.example ESMTP\r\n")]));
        Assert.Equal("smtp", Tcp(25, [Text("helo x\r\n")], [Text("220-mx.example\r\n220 ok\r\n")]));
        Assert.Equal("-", Tcp(25, [Text("EHLO x\r\n")], [Text("554 no\r\n")]));
        Assert.Equal("pop3", Tcp(110, [Text("CAPA\r\n")], [Text("+OK POP3 ready\r\n")]));
        Assert.Equal("pop3", Tcp(1100, [Text("USER bob\r\n")], [Text("+OK hi\r\n")]));
    }

    [Fact]
    public void DnsIsNamedOnItsPortsWhenTheMessageParses()
    {
        Assert.Equal("dns", Tcp(53, [DnsOverTcp()], []));
        Assert.Equal("-", Tcp(5300, [DnsOverTcp()], []));
        Assert.Equal("dns", Udp(53, DnsQuery()));
        Assert.Equal("dns", Udp(5353, DnsQuery()));
        Assert.Equal("dns", Udp(137, DnsQuery()));
        Assert.Equal("-", Udp(8053, DnsQuery()));
        Assert.Equal("-", Udp(53, DnsQuery()[..9]));
        byte[] badLabel = DnsQuery();
        badLabel[12] = 0x80; // label type 10: reserved
        Assert.Equal("-", Udp(53, badLabel));
        byte[] noRecords = DnsQuery();
        noRecords[5] = 0;
        Assert.Equal("-", Udp(53, noRecords));
    }

    [Fact]
    public void UdpProtocolsByPayloadAndByPort()
    {
        Assert.Equal("dhcp", Udp(67, DhcpDiscover()));
        Assert.Equal("dhcp", Udp(6767, DhcpDiscover()));
        Assert.Equal("-", Udp(67, DhcpDiscover()[..239]));
        Assert.Equal("ntp", Udp(123, NtpClient()));
        Assert.Equal("-", Udp(1230, NtpClient()));
        Assert.Equal("-", Udp(123, new byte[48]));
        Assert.Equal("quic", Udp(4433, QuicInitial()));
        Assert.Equal("quic", Udp(443, QuicInitial(), FlowDirection.Responder));
        byte[] shortHeader = QuicInitial();
        shortHeader[0] = 0x43;
        Assert.Equal("-", Udp(443, shortHeader));
        Assert.Equal("snmp", Udp(161, SnmpGet()));
        Assert.Equal("-", Udp(161, [0x30, 0x03, 0x02, 0x01, 0x02]));
        Assert.Equal("radius", Udp(1812, RadiusAccessRequest()));
        Assert.Equal("-", Udp(1812, RadiusAccessRequest()[..30]));
        Assert.Equal("-", Udp(319, PtpSync()));
        Assert.Equal("dtls", Udp(4443, DtlsClientHello()));
    }

    [Fact]
    public void DetectionStopsAfterTheFirstPayloadPacketsOfEachDirection()
    {
        var detector = new ServiceDetector(IpProtocol.Tcp, 443);
        Assert.False(detector.IsDecided);
        // Empty payloads (a handshake, pure ACKs) use no payload packet of the budget.
        for (int i = 0; i < 10; i++) detector.Observe(FlowDirection.Originator, default);
        for (int i = 0; i < ServiceDetector.PayloadPacketsPerDirection; i++)
        {
            Assert.False(detector.Observe(FlowDirection.Originator, Text("junk")));
            detector.Observe(FlowDirection.Responder, Text("junk"));
        }
        Assert.True(detector.IsDecided);
        Assert.True(detector.Observe(FlowDirection.Originator, ClientHello));
        Assert.True(detector.Services.IsEmpty);

        // TCP: the first 1024 bytes of a direction at most (Zeek's dpd_buffer_size), however few the packets.
        var bytes = new ServiceDetector(IpProtocol.Tcp, 2121);
        bytes.Observe(FlowDirection.Responder, Text("220 ready\r\n"));
        bytes.Observe(FlowDirection.Originator, new byte[ServiceDetector.TcpBytesPerDirection - 3]);
        bytes.Observe(FlowDirection.Originator, Text("USER bob\r\n"));
        bytes.Observe(FlowDirection.Responder, Text("331 password\r\n"));
        Assert.True(bytes.Services.IsEmpty);
        bytes.Observe(FlowDirection.Responder, new byte[2000]);
        Assert.True(bytes.IsDecided);

        // A one-way flow, or a transfer answered by bare ACKs, gives up after PacketsPerConnection packets.
        var oneWay = new ServiceDetector(IpProtocol.Udp, 9999);
        for (int i = 1; i < ServiceDetector.PacketsPerConnection; i++) Assert.False(oneWay.Observe(FlowDirection.Originator, Text("junk")));
        Assert.True(oneWay.Observe(FlowDirection.Originator, Text("junk")));
        var bulk = new ServiceDetector(IpProtocol.Tcp, 8443);
        for (int i = 0; i < ServiceDetector.PacketsPerConnection / 2; i++)
        {
            bulk.Observe(FlowDirection.Originator, Text("data"));
            bulk.Observe(FlowDirection.Responder, default);
        }
        Assert.True(bulk.IsDecided);
        // Within them, a late first payload from the other side still counts.
        var late = new ServiceDetector(IpProtocol.Tcp, 8443);
        late.Observe(FlowDirection.Originator, ClientHello);
        for (int i = 0; i < 20; i++) late.Observe(FlowDirection.Originator, default);
        late.Observe(FlowDirection.Responder, ServerHello);
        Assert.Equal("ssl", late.Services.ToString());

        // A confirmed service decides at once.
        var quick = new ServiceDetector(IpProtocol.Udp, 53);
        Assert.True(quick.Observe(FlowDirection.Originator, DnsQuery()));
        Assert.Equal(ZeekService.Dns, quick.Services[0]);
        // Protocols without payload rules are decided from the start.
        Assert.True(new ServiceDetector(IpProtocol.Icmp, 0).IsDecided);
    }

    [Fact]
    public void ObservingAllocatesNothing()
    {
        byte[] junk = Text("not a protocol\r\nat all\r\n"), dns = DnsQuery(), hello = ClientHello;
        long least = Allocations.Least(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                var tcp = new ServiceDetector(IpProtocol.Tcp, 8443);
                tcp.Observe(FlowDirection.Originator, hello);
                tcp.Observe(FlowDirection.Responder, junk);
                var udp = new ServiceDetector(IpProtocol.Udp, 53);
                udp.Observe(FlowDirection.Originator, dns);
            }
        });
        Assert.Equal(0, least);
    }

    [Fact]
    public void ServiceSetKeepsTheOrderOfConfirmation()
    {
        ServiceSet set = ServiceSet.Empty.Add(ZeekService.Ssl).Add(ZeekService.Http).Add(ZeekService.Ssl).Add(ZeekService.None);
        Assert.Equal("ssl,http", set.ToString());
        Assert.Equal(2, set.Count);
        Assert.Equal(ZeekService.Http, set[1]);
        Assert.True(set.Contains(ZeekService.Ssl));
        Assert.False(set.Contains(ZeekService.Dns));
        Assert.Equal("", ServiceSet.Empty.ToString());
        ServiceSet full = ServiceSet.Empty.Add(ZeekService.Dns).Add(ZeekService.Http).Add(ZeekService.Ssl).Add(ZeekService.Ssh).Add(ZeekService.Ftp);
        Assert.Equal(ServiceSet.Capacity, full.Count);
        Assert.Equal("dns,http,ssl,ssh", full.ToString());
        Assert.Equal(ZeekService.Quic, ZeekServiceNames.FromName("quic"));
        Assert.Equal(ZeekService.None, ZeekServiceNames.FromName("gopher"));
    }

    [Fact]
    public void TheAnalyzerNamesEachFlowsServiceFromItsPackets()
    {
        static byte[] WithPayload(byte[] packet, byte[] payload)
        {
            payload.CopyTo(packet, 40);
            return packet;
        }
        var analyzer = new TrafficAnalyzer();
        var ended = new List<Flow>();
        analyzer.FlowEnded += ended.Add;
        Feed(analyzer, Flows.PacketFactory.Tcp("10.0.0.1", 40000, "10.0.0.2", 8443, 100, 0, TcpFlags.Syn));
        Feed(analyzer, Flows.PacketFactory.Tcp("10.0.0.2", 8443, "10.0.0.1", 40000, 700, 101, TcpFlags.Syn | TcpFlags.Ack));
        Feed(analyzer, WithPayload(Flows.PacketFactory.Tcp("10.0.0.1", 40000, "10.0.0.2", 8443, 101, 701, TcpFlags.Ack | TcpFlags.Psh, ClientHello.Length), ClientHello));
        Feed(analyzer, WithPayload(Flows.PacketFactory.Tcp("10.0.0.2", 8443, "10.0.0.1", 40000, 701, 101 + (uint)ClientHello.Length, TcpFlags.Ack | TcpFlags.Psh, ServerHello.Length), ServerHello));
        byte[] dns = DnsQuery();
        byte[] udp = Flows.PacketFactory.Udp("10.0.0.1", 5555, "10.0.0.3", 53, dns.Length);
        dns.CopyTo(udp, 28);
        Feed(analyzer, udp);
        analyzer.Finish();
        Assert.Equal(["ssl", "dns"], ended.Select(f => f.Service.ToString()));

        var off = new TrafficAnalyzer(new TrafficAnalyzerOptions { DetectServices = false });
        Feed(off, udp);
        Assert.True(off.LastFlow!.Service.IsEmpty);
    }

    private static void Feed(TrafficAnalyzer analyzer, byte[] packet) => analyzer.Process(packet, LinkType.Raw, 1_000_000_000, packet.Length);
}
