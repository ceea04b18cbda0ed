using System.Globalization;
using System.Text.Json;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Flows;
using SockScope.Cli.Commands;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

public sealed class FlowsCommandTests
{
    private static string Core(string name) => Path.Combine(Corpus.CoreDirectory!, name);

    [CorpusFact]
    public void TheTsvLogHasZeeksHeaderFieldsAndOneRecordPerConnection()
    {
        (_, _, string log) = FlowsRun.File(Core("dns_tcp.pcap"));
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#separator \\x09", lines[0]);
        Assert.Equal("#set_separator\t,", lines[1]);
        Assert.Equal("#empty_field\t(empty)", lines[2]);
        Assert.Equal("#unset_field\t-", lines[3]);
        Assert.Equal("#path\tconn", lines[4]);
        Assert.Equal("#open\t1970-01-01-00-00-00", lines[5]);
        Assert.Equal("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\t" +
            "local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tcommunity_id", lines[6]);
        Assert.Equal("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\t" +
            "count\tcount\tcount\tcount\tset[string]\tstring", lines[7]);
        Assert.Equal("#close\t1970-01-01-00-00-00", lines[^1]);
        Assert.Equal(10, lines.Length);
        string[] f = lines[8].Split('\t');
        Assert.Equal(22, f.Length);
        Assert.Equal(ZeekUid.ToString(7, 1), f[1]);
        Assert.Equal(["1591780863.720289", "192.168.1.11", "33779", "209.87.249.18", "53", "tcp", "dns", "0.380967", "58", "226", "SF", "-", "-", "0",
            "ShADadFf", "6", "318", "5", "430", "-"], f.Take(1).Concat(f.Skip(2).Take(19)).ToArray());
        Assert.Equal(CommunityId.ForTuple(FlowAddress.Parse("192.168.1.11"), FlowAddress.Parse("209.87.249.18"), Wire.Ip.IpProtocol.Tcp, 33779, 53), f[21]);
    }

    [CorpusFact]
    public void TheJsonLogIsOneObjectPerLineWithUnsetFieldsLeftOut()
    {
        (_, _, string log) = FlowsRun.File(Core("tfo-5c1fa7f9ae91.pcap"), format: ZeekLogFormat.Json);
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement e = doc.RootElement;
            Assert.Equal("tcp", e.GetProperty("proto").GetString());
            Assert.StartsWith("C", e.GetProperty("uid").GetString());
            Assert.StartsWith("1:", e.GetProperty("community_id").GetString());
            Assert.False(e.TryGetProperty("service", out _));
            Assert.False(e.TryGetProperty("local_orig", out _));
            Assert.True(e.GetProperty("ts").GetDouble() > 1e9);
        }
    }

    [CorpusFact]
    public void AFilterExpressionLimitsThePacketsCounted()
    {
        (List<Flow> all, _, _) = FlowsRun.File(Core("tfo-5c1fa7f9ae91.pcap"));
        (List<Flow> some, _, _) = FlowsRun.File(Core("tfo-5c1fa7f9ae91.pcap"), filter: "host 9.9.9.9");
        Assert.Equal(3, all.Count);
        Assert.Single(some);
        Assert.Equal("9.9.9.9", some[0].OriginatorAddress.ToString());
    }

    /// <summary>
    /// Per connection, packets and wire bytes equal tshark's `-z conv,tcp` (frames and bytes both ways), and
    /// IP bytes equal the sum of tshark's ip.len / ipv6.plen+40 per conversation.
    /// </summary>
    [CorpusToolsFact("tshark")]
    public void PacketAndByteCountsEqualTsharksConversations()
    {
        // Each tshark start costs about a second on this machine: a few captures that cover IPv4, IPv6, SLL, TFO and RST with data.
        string[] captures = ["dns_tcp.pcap", "tcp-handshake-nano.pcap", "tfo-5c1fa7f9ae91.pcap", "tcp_rst_data.pcap", "gso-ipv6.pcap"];
        int compared = 0;
        foreach (string name in captures)
        {
            (List<Flow> flows, _, _) = FlowsRun.File(Core(name));
            (int code, string conv, string err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!, $"-q -n -r {Core(name)} -z conv,tcp", TimeSpan.FromSeconds(60));
            Assert.True(code == 0, err);
            foreach (string line in conv.Split('\n').Where(l => l.Contains("<->")))
            {
                // "A:pa <-> B:pb  F1 N1 bytes  F2 N2 bytes  F N bytes  start duration": <- is B to A, -> is A to B.
                string[] w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                (string a, ushort pa) = Endpoint(w[0]);
                (string b, ushort pb) = Endpoint(w[2]);
                Flow flow = flows.Single(f => f.Protocol == Wire.Ip.IpProtocol.Tcp
                    && ((f.OriginatorAddress.ToString() == a && f.OriginatorPort == pa && f.ResponderAddress.ToString() == b && f.ResponderPort == pb)
                        || (f.OriginatorAddress.ToString() == b && f.OriginatorPort == pb && f.ResponderAddress.ToString() == a && f.ResponderPort == pa)));
                bool aIsOrig = flow.OriginatorAddress.ToString() == a && flow.OriginatorPort == pa;
                FlowDirectionCounters fromA = aIsOrig ? flow.Originator : flow.Responder;
                FlowDirectionCounters fromB = aIsOrig ? flow.Responder : flow.Originator;
                Assert.Equal(long.Parse(w[3], CultureInfo.InvariantCulture), fromB.Packets);
                Assert.Equal(long.Parse(w[6], CultureInfo.InvariantCulture), fromA.Packets);
                if (w[5] == "bytes") Assert.Equal(long.Parse(w[4], CultureInfo.InvariantCulture), fromB.WireBytes);
                if (w[8] == "bytes") Assert.Equal(long.Parse(w[7], CultureInfo.InvariantCulture), fromA.WireBytes);
                compared++;
            }

            (code, string fields, err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!,
                $"-n -r {Core(name)} -Y tcp -T fields -E occurrence=f -e ip.src -e ipv6.src -e tcp.srcport -e ip.len -e ipv6.plen -e ip.dst -e ipv6.dst -e tcp.dstport", TimeSpan.FromSeconds(60));
            Assert.True(code == 0, err);
            var ipBytes = new Dictionary<(string, ushort, string, ushort), long>();
            foreach (string row in fields.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] c = row.Split('\t');
                string src = c[0].Length > 0 ? c[0] : c[1];
                long length = c[3].Length > 0 ? long.Parse(c[3], CultureInfo.InvariantCulture) : 40 + long.Parse(c[4], CultureInfo.InvariantCulture);
                string dst = c[5].Length > 0 ? c[5] : c[6];
                var key = (src, ushort.Parse(c[2], CultureInfo.InvariantCulture), dst, ushort.Parse(c[7], CultureInfo.InvariantCulture));
                ipBytes[key] = ipBytes.GetValueOrDefault(key) + length;
            }
            foreach (Flow flow in flows.Where(f => f.Protocol == Wire.Ip.IpProtocol.Tcp))
            {
                string o = flow.OriginatorAddress.ToString(), r = flow.ResponderAddress.ToString();
                Assert.Equal(ipBytes.GetValueOrDefault((o, flow.OriginatorPort, r, flow.ResponderPort)), flow.Originator.IpBytes);
                Assert.Equal(ipBytes.GetValueOrDefault((r, flow.ResponderPort, o, flow.OriginatorPort)), flow.Responder.IpBytes);
            }
        }
        Assert.True(compared >= 7, $"{compared} conversations compared");
    }

    private static (string, ushort) Endpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        return (text[..colon], ushort.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ArgumentsAreCheckedAndTimeoutsReachTheOptions()
    {
        FlowsCommand.Arguments a = FlowsCommand.Parse(["--json", "--tcp-timeout", "10", "--max-flows", "1000", "--close-delay=1", "in.pcap", "tcp", "port", "80"]);
        Assert.Equal("in.pcap", a.File);
        Assert.Equal("tcp port 80", a.Expression);
        Assert.True(a.Json);
        var options = a.ToOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), options.Flows.TcpIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Flows.TcpClosedTimeout);
        Assert.Equal(1000, options.Flows.MaxFlows);
        Assert.Throws<UsageException>(() => FlowsCommand.Parse([]));
        Assert.Throws<UsageException>(() => FlowsCommand.Parse(["-i", "eth0", "-r", "x.pcap"]));
        Assert.Throws<UsageException>(() => FlowsCommand.Parse(["--max-flows", "0", "x.pcap"]));
        Assert.Throws<UsageException>(() => FlowsCommand.Parse(["--bogus", "x.pcap"]));
        // --process is for a live capture that writes a conn.log.
        Assert.True(FlowsCommand.Parse(["-i", "lo", "--process"]).Process);
        Assert.Contains("-i IFACE", Assert.Throws<UsageException>(() => FlowsCommand.Parse(["--process", "x.pcap"])).Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => FlowsCommand.Parse(["-i", "lo", "--process", "--export", "ipfix://127.0.0.1:4739", "--export-only"]));
    }

    [Fact]
    public void LocalNetsReachTheOptionsAndABadPrefixShowsACaret()
    {
        FlowsCommand.Arguments a = FlowsCommand.Parse(["--local-nets", "10.0.0.0/8,fd00::/8", "in.pcap"]);
        Assert.NotNull(a.ToOptions().LocalNetworks);
        Assert.True(a.ToOptions().LocalNetworks!.Contains(FlowAddress.Parse("fd00::5")));
        Assert.Null(FlowsCommand.Parse(["in.pcap"]).ToOptions().LocalNetworks);
        var e = Assert.Throws<UsageException>(() => FlowsCommand.Parse(["--local-nets=10.0.0.0/8,192.168.0.0/40", "in.pcap"]));
        Assert.Equal("option --local-nets: prefix length must be 0 to 32\n  10.0.0.0/8,192.168.0.0/40\n                         ^", e.Message);
        Assert.Throws<UsageException>(() => FlowsCommand.Parse(["--local-nets", "in.pcap"]));
    }

    [Fact]
    public void AMissingFileIsAOneLineError()
    {
        var e = Assert.Throws<CommandException>(() => new FlowsCommand().Run(["-w", Path.Combine(Path.GetTempPath(), $"ssfl-{Guid.NewGuid():N}.log"), "/nonexistent/x.pcap"]));
        Assert.Equal("/nonexistent/x.pcap: No such file or directory", e.Message);
    }
}
