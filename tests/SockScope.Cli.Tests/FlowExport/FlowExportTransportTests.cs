using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Export;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>The transports: IPFIX over TCP end to end, reconnects with templates, collectors that are down.</summary>
public sealed class FlowExportTransportTests
{
    private static string Fresh => Path.Combine(FlowExportTools.RepoRoot, "tests", "fresh-captures", "fresh.pcap");

    /// <summary>Splits an IPFIX byte stream into messages by their length fields.</summary>
    private static List<byte[]> SplitIpfix(byte[] stream)
    {
        var messages = new List<byte[]>();
        int offset = 0;
        while (stream.Length - offset >= 16)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(stream.AsSpan(offset + 2));
            Assert.True(length >= 16 && offset + length <= stream.Length, $"bad IPFIX length {length} at {offset}");
            messages.Add(stream[offset..(offset + length)]);
            offset += length;
        }
        Assert.Equal(stream.Length, offset);
        return messages;
    }

    private static byte[] ReadAll(Socket s)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[65536];
        s.ReceiveTimeout = 10_000;
        int n;
        while ((n = s.Receive(buffer)) > 0) ms.Write(buffer, 0, n);
        return ms.ToArray();
    }

    [Fact]
    public void Ipfix_over_tcp_carries_every_flow_of_a_file_beside_the_conn_log()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        byte[] stream = [];
        var reader = new Thread(() => { using Socket s = listener.AcceptSocket(); stream = ReadAll(s); });
        reader.Start();
        (int code, string _, string err) = FlowExportTools.Sockscope($"flows {Fresh} --export ipfix+tcp://127.0.0.1:{port} -w /dev/null");
        Assert.True(code == 0, err);
        Assert.True(reader.Join(15_000));
        Assert.Contains("0 records in 0 messages lost", err);
        Assert.Contains("1 connection", err);
        var decoder = new FlowExportDecoder();
        long packets = 0;
        foreach (byte[] m in SplitIpfix(stream))
            packets += decoder.Decode(m).Records.Where(r => !r.IsOptions).Sum(r => (long)r.Get(2)!.Value);
        Assert.Equal(68, packets); // fresh.pcap: 70 packets, 2 ARP
    }

    [Fact]
    public void A_new_tcp_connection_starts_with_the_templates()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        byte[] preamble = [0xAA, 0xBB, 0xCC, 0xDD];
        using var transport = new TcpExportTransport(new IPEndPoint(IPAddress.Loopback, port), "test") { Preamble = _ => preamble };
        byte[] message = [1, 2, 3, 4, 5, 6, 7, 8];

        transport.Send(message, 1);
        using (Socket first = listener.AcceptSocket())
        {
            var got = new byte[12];
            first.ReceiveTimeout = 10_000;
            int n = 0;
            while (n < 12) n += first.Receive(got, n, 12 - n, SocketFlags.None);
            Assert.Equal([.. preamble, .. message], got);
            first.LingerState = new LingerOption(true, 0); // reset: the collector went away
        }
        // Sends until the broken connection is noticed and a new one is made (bounded).
        Socket? second = null;
        for (int i = 0; i < 200 && second is null; i++)
        {
            transport.Send(message, 1);
            if (listener.Pending()) second = listener.AcceptSocket();
            else Thread.Sleep(20);
        }
        Assert.NotNull(second);
        using (second)
        {
            var got = new byte[4];
            second.ReceiveTimeout = 10_000;
            int n = 0;
            while (n < 4) n += second.Receive(got, n, 4 - n, SocketFlags.None);
            Assert.Equal(preamble, got);
        }
        transport.Close(TimeSpan.FromSeconds(1));
        ExportTransportCounters c = transport.Counters;
        Assert.True(c.Connections >= 2, c.ToString());
        Assert.True(c.SendFailures >= 1 || c.RecordsLost >= 0, c.ToString());
    }

    [Fact]
    public void A_collector_that_is_down_costs_counted_losses_not_a_crash()
    {
        int closed = FlowExportTools.FreeUdpPort();
        // TCP: nothing listens; the queue (4 messages) fills and the rest is dropped and counted.
        using (var tcp = new TcpExportTransport(new IPEndPoint(IPAddress.Loopback, closed), "tcp", queueMessages: 4))
        {
            for (int i = 0; i < 50; i++) tcp.Send(new byte[100], 2);
            tcp.Close(TimeSpan.FromMilliseconds(300));
            ExportTransportCounters c = tcp.Counters;
            Assert.Equal(0, c.RecordsSent);
            Assert.Equal(100, c.RecordsLost);
            Assert.True(c.SendFailures >= 1);
        }
        // UDP: the port is closed; refused datagrams are counted as lost and the templates asked for again.
        using UdpExportTransport udp = UdpExportTransport.Open(new IPEndPoint(IPAddress.Loopback, closed), "udp");
        for (int i = 0; i < 10; i++)
        {
            udp.Send(new byte[100], 3);
            Thread.Sleep(5);
        }
        ExportTransportCounters u = udp.Counters;
        Assert.True(u.RecordsLost >= 24, u.ToString()); // the last datagram's refusal may not be back yet
        Assert.True(udp.TakeTemplateRequest());
        // CLI: an export to a closed port ends normally and says what was lost.
        (int code, string _, string err) = FlowExportTools.Sockscope($"read {Fresh} --export ipfix://127.0.0.1:{closed} --export ipfix+tcp://127.0.0.1:{closed} --export-only");
        Assert.True(code == 0, err);
        Assert.Matches(@"export ipfix\+tcp://127\.0\.0\.1:\d+: 0 records in 0 messages sent, \d+ records in \d+ messages lost, [1-9]\d* send failures", err);
    }
}
