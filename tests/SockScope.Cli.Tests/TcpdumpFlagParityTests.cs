using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>Display flags beyond the corpus expectations' own (-nn, -v), checked against tcpdump run on the same capture.</summary>
public sealed class TcpdumpFlagParityTests
{
    private static DisplayOptions Parse(params string[] args) => DisplayOptionsTests.Parse(args);

    [CorpusWithToolFact("tcpdump")]
    public void Absolute_sequence_numbers_are_tcpdumps_S()
    {
        string tcpdump = Tools.Find("tcpdump")!;
        string file = Path.Combine(Corpus.CoreDirectory!, "zmtp1.pcap");
        (int code, string expected, string error) = CaptureNamespaces.RunProcess(tcpdump, $"-S -nn -tt -r {file}", TimeSpan.FromSeconds(30));
        Assert.True(code == 0, error);
        string actual = ReadPipeline.PrintToString(file, Parse("-Snntt"));
        Assert.Contains("ack 3988083231,", expected);
        Assert.Equal(expected, actual);
        Assert.NotEqual(actual, ReadPipeline.PrintToString(file, Parse("-nntt")));
    }

    [CorpusWithToolFact("tcpdump")]
    public void Unverified_checksums_are_tcpdumps_K()
    {
        string tcpdump = Tools.Find("tcpdump")!;
        // A bad IPv4 header checksum, TCP checksums wrong (loopback offload), UDP sums good and bad.
        foreach (string name in new[] { "LINKTYPE_IPV4_invalid.pcap", "zmtp1.pcap", "dns_udp.pcap", "dns-zlip-1.pcap", "LINKTYPE_IPV6.pcap" })
        {
            string file = Path.Combine(Corpus.CoreDirectory!, name);
            (int code, string expected, string error) = CaptureNamespaces.RunProcess(tcpdump, $"-K -nn -tt -vv -r {file}", TimeSpan.FromSeconds(30));
            Assert.True(code == 0, error);
            string verified = ReadPipeline.PrintToString(file, Parse("-nntt", "-vv"));
            string unverified = ReadPipeline.PrintToString(file, Parse("-Knntt", "-vv"));
            Assert.NotEqual(verified, unverified);
            Assert.Equal(expected, unverified);
        }
    }
}

/// <summary>Needs the corpus and a reference tool; skipped, with the reason, where either is missing.</summary>
internal sealed class CorpusWithToolFactAttribute : FactAttribute
{
    public CorpusWithToolFactAttribute(string tool)
    {
        if (Corpus.Directory is null) Skip = "needs ../shared/corpus (or SOCKSCOPE_CORPUS)";
        else if (Tools.Find(tool) is null) Skip = $"needs {tool}";
    }
}
