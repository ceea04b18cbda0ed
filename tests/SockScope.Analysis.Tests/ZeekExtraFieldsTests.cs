using System.Text;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Flows;
using SockScope.Wire;
using SockScope.Wire.Transport;
using static SockScope.Analysis.Tests.Flows.PacketFactory;

namespace SockScope.Analysis.Tests;

/// <summary>Columns a caller appends to conn.log (the live `flows --process` does), and the flow the analyzer last counted.</summary>
public sealed class ZeekExtraFieldsTests
{
    private sealed class Fixed(params string?[] values) : ZeekExtraFields
    {
        public override IReadOnlyList<ZeekField> Fields { get; } =
            [new("orig_pid", "count"), new("orig_comm", "string"), new("resp_pid", "count"), new("resp_comm", "string")];

        public override int Format(Flow flow, int field, Span<byte> destination) =>
            values[field] is { } v ? Encoding.UTF8.GetBytes(v, destination) : -1;
    }

    private static Flow OneFlow()
    {
        var analyzer = new TrafficAnalyzer();
        byte[] syn = Tcp("10.0.0.1", 40000, "10.0.0.2", 80, 100, 0, TcpFlags.Syn);
        analyzer.Process(syn, LinkType.Raw, 1_000_000, syn.Length);
        Assert.NotNull(analyzer.LastFlow);
        Assert.Equal(FlowDirection.Originator, analyzer.LastDirection);
        Flow flow = analyzer.LastFlow!;
        byte[] synAck = Tcp("10.0.0.2", 80, "10.0.0.1", 40000, 700, 101, TcpFlags.Syn | TcpFlags.Ack);
        analyzer.Process(synAck, LinkType.Raw, 2_000_000, synAck.Length);
        Assert.Same(flow, analyzer.LastFlow);
        Assert.Equal(FlowDirection.Responder, analyzer.LastDirection);
        analyzer.Process(new byte[] { 1, 2, 3 }, LinkType.Raw, 3_000_000, 3);
        Assert.Null(analyzer.LastFlow);
        return flow;
    }

    private static string Write(ZeekLogFormat format, ZeekExtraFields extra)
    {
        var output = new MemoryStream();
        var log = new ZeekConnLogWriter(output, format, uidSeed: 1) { ExtraFields = extra };
        log.WriteHeader(DateTimeOffset.UnixEpoch);
        log.Write(OneFlow());
        log.WriteFooter(DateTimeOffset.UnixEpoch);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void TsvDeclaresTheColumnsAfterCommunityIdAndWritesUnsetAsDash()
    {
        string[] lines = Write(ZeekLogFormat.Tsv, new Fixed("4242", "curl", null, null)).Split('\n');
        Assert.EndsWith("\tcommunity_id\torig_pid\torig_comm\tresp_pid\tresp_comm", Assert.Single(lines, l => l.StartsWith("#fields", StringComparison.Ordinal)));
        Assert.EndsWith("\tstring\tcount\tstring\tcount\tstring", Assert.Single(lines, l => l.StartsWith("#types", StringComparison.Ordinal)));
        string[] record = Assert.Single(lines, l => l.Length > 0 && l[0] != '#').Split('\t');
        Assert.Equal(26, record.Length);
        Assert.StartsWith("1:", record[21], StringComparison.Ordinal);
        Assert.Equal(["4242", "curl", "-", "-"], record[22..]);
    }

    [Fact]
    public void ValuesAreEscapedAsEachFormatWants()
    {
        // A command name may hold anything but NUL: a tab, a backslash, a quote, or just "-".
        var extra = new Fixed("1", "a\tb\\c\"d", "2", "-");
        string tsv = Write(ZeekLogFormat.Tsv, extra);
        string[] record = tsv.Split('\n').Single(l => l.Length > 0 && l[0] != '#').Split('\t');
        Assert.Equal(["1", "a\\x09b\\x5cc\"d", "2", "\\x2d"], record[22..]);
        string json = Write(ZeekLogFormat.Json, extra).Trim();
        Assert.EndsWith(",\"orig_pid\":1,\"orig_comm\":\"a\\u0009b\\\\c\\\"d\",\"resp_pid\":2,\"resp_comm\":\"-\"}", json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("a\tb\\c\"d", document.RootElement.GetProperty("orig_comm").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("resp_pid").GetInt32());
    }

    [Fact]
    public void JsonLeavesUnsetValuesOut()
    {
        string json = Write(ZeekLogFormat.Json, new Fixed(null, null, "77", "python3")).Trim();
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.False(document.RootElement.TryGetProperty("orig_pid", out _));
        Assert.False(document.RootElement.TryGetProperty("orig_comm", out _));
        Assert.Equal(77, document.RootElement.GetProperty("resp_pid").GetInt32());
        Assert.Equal("python3", document.RootElement.GetProperty("resp_comm").GetString());
    }
}
