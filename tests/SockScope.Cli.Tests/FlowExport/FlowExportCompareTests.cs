using SockScope.TestSupport;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>
/// scripts/flow-export-compare.sh: nfcapd stores, per flow key, the same packets and bytes from
/// our export of a capture as from softflowd 1.1's export of it, over IPFIX and NetFlow v9.
/// </summary>
public sealed class FlowExportCompareTests
{
    private static IEnumerable<string> Inputs(params string[] corpusFiles)
    {
        string fresh = Path.Combine(FlowExportTools.RepoRoot, "tests", "fresh-captures", "fresh.pcap");
        if (File.Exists(fresh)) yield return fresh;
        if (Corpus.Directory is { } corpus)
            foreach (string name in corpusFiles)
                if (File.Exists(Path.Combine(corpus, "core", name))) yield return Path.Combine(corpus, "core", name);
    }

    private static void Compare(string flags, params string[] corpusFiles)
    {
        string[] files = [.. Inputs(corpusFiles)];
        Assert.NotEmpty(files);
        string script = Path.Combine(FlowExportTools.RepoRoot, "scripts", "flow-export-compare.sh");
        var start = new System.Diagnostics.ProcessStartInfo("bash", $"{script} {flags} {string.Join(' ', files)}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SOCKSCOPE"] = $"dotnet {CaptureNamespaces.SockScopeDll}";
        start.Environment["BASE_PORT"] = FlowExportTools.FreeUdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = System.Diagnostics.Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "compare script did not end");
        Assert.True(p.ExitCode == 0, output);
        // Every file was compared (none skipped), and at least one had flows.
        Assert.Equal(files.Length, output.Split('\n').Count(l => l.StartsWith("same", StringComparison.Ordinal)));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("same", StringComparison.Ordinal) && !l.Contains(" 0 keys", StringComparison.Ordinal));
    }

    [ExportToolsFact("softflowd", "nfcapd", "nfdump", "python3", "ss")]
    public void Nfcapd_stores_the_same_flows_from_our_ipfix_as_from_softflowds() => Compare("", "dns_tcp.pcap", "icmpv6.pcap", "IGMP_V2.pcap");

    // Headers the decoder stops on (BIG TCP's zero lengths, an IPv4 header length below 5, a total
    // length below the header, a TCP header cut inside its options): keyed from the captured bytes,
    // as softflowd keys them.
    [ExportToolsFact("softflowd", "nfcapd", "nfdump", "python3", "ss")]
    public void Nfcapd_stores_the_same_flows_from_either_probe_for_headers_the_decoder_stops_on() =>
        Compare("", "bigtcp-ipv4.pcap", "bigtcp-ipv6.pcap", "ipv4_invalid_hdr_length.pcap", "ipv4_invalid_total_length_2.pcap", "tcp-auth-heapoverflow.pcap");

    [ExportToolsFact("softflowd", "nfcapd", "nfdump", "python3", "ss")]
    public void Nfcapd_stores_the_same_flows_from_our_netflow9_as_from_softflowds() => Compare("--v9", "dnssec.pcap");

    // nfacctd drops softflowd's NetFlow v9 records of old captures (uptime-relative times before
    // softflowd's start), so the pmacct comparison runs on the fresh capture only.
    [ExportToolsFact("softflowd", "nfacctd", "python3", "ss")]
    public void Nfacctd_stores_the_same_flows_from_our_ipfix_and_netflow9_as_from_softflowds()
    {
        Compare("--nfacctd");
        Compare("--nfacctd --v9");
    }
}
