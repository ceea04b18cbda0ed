using System.Text;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Flows;
using SockScope.Wire;
using SockScope.Wire.Transport;
using static SockScope.Analysis.Tests.Flows.PacketFactory;

namespace SockScope.Analysis.Tests;

/// <summary>conn.log's service, local_orig and local_resp columns in TSV and JSON.</summary>
public sealed class ConnLogServiceFieldsTests
{
    private static Flow HttpFlow(LocalNetworks? local)
    {
        var analyzer = new TrafficAnalyzer(new TrafficAnalyzerOptions { LocalNetworks = local });
        Flow? ended = null;
        analyzer.FlowEnded += f => ended = f;
        byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n");
        byte[] packet = Tcp("10.0.0.1", 40000, "192.0.2.80", 80, 100, 0, TcpFlags.Ack | TcpFlags.Psh, request.Length);
        request.CopyTo(packet, 40);
        analyzer.Process(packet, LinkType.Raw, 1_000_000_000, packet.Length);
        byte[] ack = Tcp("192.0.2.80", 80, "10.0.0.1", 40000, 700, 100 + (uint)request.Length, TcpFlags.Ack);
        analyzer.Process(ack, LinkType.Raw, 2_000_000_000, ack.Length);
        analyzer.Finish();
        return ended!;
    }

    private static string Record(Flow flow, ZeekLogFormat format)
    {
        var output = new MemoryStream();
        var log = new ZeekConnLogWriter(output, format, uidSeed: 1);
        log.Write(flow);
        log.Flush();
        return Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n');
    }

    [Fact]
    public void TsvWritesTheServiceAndTheLocalFlagsAsTOrF()
    {
        string[] with = Record(HttpFlow(LocalNetworks.Parse("10.0.0.0/8")), ZeekLogFormat.Tsv).Split('\t');
        Assert.Equal("http", with[7]);
        Assert.Equal(["T", "F"], with[12..14]);
        Assert.Equal("-", with[20]); // tunnel_parents
        string[] without = Record(HttpFlow(null), ZeekLogFormat.Tsv).Split('\t');
        Assert.Equal("http", without[7]);
        Assert.Equal(["-", "-"], without[12..14]);
    }

    [Fact]
    public void JsonWritesTheServiceAndJsonBooleansAndLeavesUnsetFlagsOut()
    {
        string with = Record(HttpFlow(LocalNetworks.Parse("192.0.2.0/24,fd00::/8")), ZeekLogFormat.Json);
        Assert.Contains("\"proto\":\"tcp\",\"service\":\"http\",\"duration\":", with, StringComparison.Ordinal);
        Assert.Contains("\"conn_state\":\"OTH\",\"local_orig\":false,\"local_resp\":true,\"missed_bytes\":0", with, StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(with);
        Assert.Equal(System.Text.Json.JsonValueKind.True, document.RootElement.GetProperty("local_resp").ValueKind);
        string without = Record(HttpFlow(null), ZeekLogFormat.Json);
        Assert.DoesNotContain("local_", without, StringComparison.Ordinal);
        Assert.Contains("\"conn_state\":\"OTH\",\"missed_bytes\":0", without, StringComparison.Ordinal);
    }
}
