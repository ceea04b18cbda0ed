using SockScope.TestSupport;
using Xunit.Abstractions;

namespace SockScope.Cli.Tests.Stats;

/// <summary>
/// `sockscope stats` against tshark 4.0 on a chosen subset (one tshark run per capture, ~15 s in
/// all): the captures made for this command under tests/ (loss and reordering through a router
/// namespace, fresh traffic) must match for every spec, follow included for every stream; a
/// slice of the corpus must stay at or above its floor. scripts/stats-compare.sh covers all 830.
/// </summary>
public class StatsComparisonTests(ITestOutputHelper output)
{
    private static readonly string[] TableSpecs =
    [
        "conv,eth", "conv,ip", "conv,ipv6", "conv,tcp", "conv,udp",
        "endpoints,eth", "endpoints,ip", "endpoints,ipv6", "endpoints,tcp", "endpoints,udp",
        "io,phs", "io,stat,0", "io,stat,1", "io,stat,0.25,,tcp",
    ];

    private static string OurCapture(string folder, string name) =>
        Path.Combine(Corpus.RepositoryRoot ?? throw new InvalidOperationException("repository root not found"), "tests", folder, name);

    [TsharkFact]
    public void LossCapturesMatchTsharkForEveryStreamAndTable()
    {
        var failures = new List<string>();
        int compared = 0;
        foreach (string capture in new[] { OurCapture("stats-captures", "loss-server.pcap"), OurCapture("stats-captures", "loss-client.pcap"), OurCapture("fresh-captures", "fresh.pcap") })
        {
            var specs = new List<string>(TableSpecs);
            for (int stream = 0; stream < 3; stream++)
                foreach (string mode in new[] { "raw", "ascii", "hex" })
                    specs.Add($"follow,tcp,{mode},{stream}");
            specs.Add("follow,udp,raw,0");
            specs.Add("follow,udp,hex,0");
            specs.Add("follow,tcp,ascii,99");
            foreach (StatsComparison.Result r in StatsComparison.Compare(capture, specs, normalizePhs: true))
            {
                compared++;
                if (!r.Identical) failures.Add($"{r.File} {r.Spec}:\n--- tshark\n{Head(r.Expected)}\n--- sockscope\n{Head(r.Actual)}");
            }
        }
        output.WriteLine($"{compared - failures.Count}/{compared} blocks identical");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(3)));
    }

    [TsharkFact]
    public void FollowByAddressPairMatchesTshark()
    {
        string capture = OurCapture("fresh-captures", "fresh.pcap");
        string[] specs = ["follow,tcp,ascii,10.90.2.2:80,10.90.1.2:46992", "follow,udp,raw,10.90.1.2:40580,10.90.2.2:53"];
        foreach (StatsComparison.Result r in StatsComparison.Compare(capture, specs, normalizePhs: false))
            Assert.True(r.Identical, $"{r.Spec}:\n--- tshark\n{Head(r.Expected)}\n--- sockscope\n{Head(r.Actual)}");
    }

    /// <summary>
    /// Every 16th core capture, every table spec. The floor is what the blocks reached when this test was written;
    /// the rest are protocols SockScope does not decode (VXLAN/Geneve inner frames, BIG TCP's zero IP length).
    /// </summary>
    [TsharkCorpusFact]
    public void CorpusSliceStaysAtItsFloor()
    {
        const double FloorPercent = 85.0;
        int identical = 0, total = 0;
        var differing = new List<string>();
        IReadOnlyList<string> captures = Corpus.CoreCaptures();
        for (int i = 0; i < captures.Count; i += 16)
        {
            foreach (StatsComparison.Result r in StatsComparison.Compare(captures[i], TableSpecs, normalizePhs: true))
            {
                total++;
                if (r.Identical) identical++;
                else differing.Add($"{r.File} {r.Spec}");
            }
        }
        double percent = 100.0 * identical / Math.Max(1, total);
        output.WriteLine($"{identical}/{total} blocks identical ({percent:F1}%); differing: {string.Join(", ", differing)}");
        Assert.True(total > 80, $"only {total} blocks compared");
        Assert.True(percent >= FloorPercent, $"corpus slice fell to {percent:F1}% (floor {FloorPercent}%): {string.Join(", ", differing.Take(20))}");
    }

    /// <summary>
    /// pcap records whose sub-second field is out of range (a microsecond field of 10^6 and 2^31, a
    /// nanosecond one of 10^9 and 2^31): the durations and intervals come out as tshark's.
    /// </summary>
    [TsharkCorpusFact]
    public void OutOfRangeSubsecondFieldsAreTimedAsTsharkTimesThem()
    {
        string[] specs = ["conv,ip", "conv,tcp", "io,stat,0", "io,stat,1,tcp,udp"];
        foreach (string name in new[] { "timestamp_invalid_micro.pcap", "timestamp_invalid_nano.pcap" })
        {
            string capture = Path.Combine(Corpus.CoreDirectory!, name);
            foreach (StatsComparison.Result r in StatsComparison.Compare(capture, specs, normalizePhs: false))
                Assert.True(r.Identical, $"{name} {r.Spec}:\n--- tshark\n{Head(r.Expected)}\n--- sockscope\n{Head(r.Actual)}");
        }
    }

    /// <summary>An IPv4 slot (LINKTYPE_IPV4, EtherType 0x0800) holding an IPv6 header: tshark reads on as IPv6, and so do the tables.</summary>
    [TsharkCorpusFact]
    public void Ipv6InAnIpv4SlotIsCountedAsTsharkCountsIt()
    {
        foreach ((string name, string[] specs) in new[]
        {
            ("LINKTYPE_IPV4_invalid.pcap", new[] { "conv,ipv6", "conv,udp", "endpoints,ipv6", "endpoints,udp", "follow,udp,raw,0", "conv,ip" }),
            ("kday1.pcap", new[] { "conv,ipv6", "endpoints,ipv6", "conv,ip", "endpoints,ip" }),
        })
        {
            string capture = Path.Combine(Corpus.CoreDirectory!, name);
            foreach (StatsComparison.Result r in StatsComparison.Compare(capture, specs, normalizePhs: false))
                Assert.True(r.Identical, $"{name} {r.Spec}:\n--- tshark\n{Head(r.Expected)}\n--- sockscope\n{Head(r.Actual)}");
        }
    }

    [TsharkFact]
    public void ComparisonSeesADifference()
    {
        // The harness itself: a block with one number changed no longer compares identical.
        string capture = OurCapture("fresh-captures", "fresh.pcap");
        StatsComparison.Result r = StatsComparison.Compare(capture, ["conv,tcp"], normalizePhs: false).Single();
        Assert.True(r.Identical);
        Assert.NotEqual(r.Expected, r.Actual!.Replace(" 12 ", " 13 ", StringComparison.Ordinal));
    }

    private static string Head(string? text) => text is null ? "(no block)" : string.Join('\n', text.Split('\n').Take(12));
}
