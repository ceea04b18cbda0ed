using System.Text.RegularExpressions;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>Our export of a capture, received on loopback and decoded by tshark and by an independent decoder.</summary>
public sealed partial class FlowExportDecodeTests
{
    private static string Fresh => Path.Combine(FlowExportTools.RepoRoot, "tests", "fresh-captures", "fresh.pcap");

    [GeneratedRegex(@"flow export: (\d+) packets \((\d+) not IP\)")]
    private static partial Regex PacketsLine();

    private static (List<byte[]> Datagrams, long IpPackets, string Stderr) Export(string scheme, string extra = "", string command = "read")
    {
        using var collector = new UdpCollector();
        (int code, string _, string err) = FlowExportTools.Sockscope($"{command} {Fresh} --export {scheme}://127.0.0.1:{collector.Port} --export-only {extra}");
        Assert.True(code == 0, err);
        List<byte[]> datagrams = collector.Finish();
        Match m = PacketsLine().Match(err);
        Assert.True(m.Success, err);
        long ip = long.Parse(m.Groups[1].Value) - long.Parse(m.Groups[2].Value);
        Assert.Contains("0 records in 0 messages lost", err);
        return (datagrams, ip, err);
    }

    [ExportToolsFact("tshark")]
    public void Tshark_decodes_our_ipfix_without_warnings_and_counts_every_packet() => TsharkDecodes("ipfix");

    [ExportToolsFact("tshark")]
    public void Tshark_decodes_our_netflow9_without_warnings_and_counts_every_packet() => TsharkDecodes("netflow9");

    private static void TsharkDecodes(string scheme)
    {
        (List<byte[]> datagrams, long ipPackets, _) = Export(scheme, "--template-packets 2");
        Assert.NotEmpty(datagrams);
        string pcap = Path.Combine(Path.GetTempPath(), $"ssex-tshark-{Guid.NewGuid():N}.pcap");
        try
        {
            const int port = 4739;
            UdpCollector.SavePcap(pcap, datagrams, port);
            (int code, string verbose, string err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!,
                $"-r {pcap} -d udp.port=={port},cflow -V", FlowExportTools.Bounded);
            Assert.True(code == 0, err);
            Assert.Contains(scheme == "ipfix" ? "Version: 10" : "Version: 9", verbose);
            Assert.DoesNotContain("Malformed", verbose);
            Assert.DoesNotContain("Expert Info (Warning", verbose);
            Assert.DoesNotContain("no template", verbose, StringComparison.OrdinalIgnoreCase);
            (code, string fields, err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!,
                $"-r {pcap} -d udp.port=={port},cflow -T fields -e cflow.packets", FlowExportTools.Bounded);
            Assert.True(code == 0, err);
            long total = fields.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries).Sum(long.Parse);
            Assert.Equal(ipPackets, total);
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    [Theory]
    [InlineData("ipfix")]
    [InlineData("netflow9")]
    public void Every_message_decodes_and_sequence_numbers_have_no_gap(string scheme)
    {
        (List<byte[]> datagrams, long ipPackets, _) = Export(scheme, command: "flows");
        var decoder = new FlowExportDecoder();
        long packets = 0;
        uint expected = 0;
        foreach (byte[] d in datagrams)
        {
            FlowExportDecoder.Message m = decoder.Decode(d);
            Assert.Equal(expected, m.Sequence);
            expected += scheme == "ipfix" ? (uint)m.Records.Count : 1;
            packets += m.Records.Where(r => !r.IsOptions).Sum(r => (long)r.Get(2)!.Value);
            Assert.All(m.Records.Where(r => !r.IsOptions), r => Assert.True(r.Get(152) <= r.Get(153)));
        }
        Assert.Equal(ipPackets, packets);
    }
}
