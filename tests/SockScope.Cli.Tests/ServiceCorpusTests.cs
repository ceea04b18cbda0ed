using SockScope.Analysis.Flows;
using SockScope.Files;
using SockScope.TestSupport;
using SockScope.Wire.Ip;
using Xunit.Abstractions;

namespace SockScope.Cli.Tests;

/// <summary>
/// conn.log's service against tshark on the corpus: tests/service-captures/tshark-services.tsv holds,
/// per TCP/UDP connection of every corpus capture with TCP or UDP, the application protocols tshark
/// dissected, in Zeek's names (scripts/service-oracle.sh made it; <see cref="TheOracleFileIsTsharksOutput"/>
/// checks a few rows against tshark itself). Every connection must agree, or be one of the known
/// differences below, each with its reason; a known difference that no longer occurs fails too,
/// so the list stays true.
/// </summary>
public sealed class ServiceCorpusTests(ITestOutputHelper output)
{
    /// <summary>(capture, tshark's services, ours) that differ, each for a reason Zeek shares with us (or that makes tshark the odd one).</summary>
    private static readonly (string Capture, string Tshark, string Ours, string Why)[] KnownDifferences =
    [
        // tshark decodes by port whatever the bytes; Zeek's DNS analyzer needs a message it can parse.
        ("core/dns-badlabel.pcap", "dns", "-", "fuzzed DNS header: opcode 15 and 64,259 questions, not a message Zeek's DNS parser accepts"),
        ("core/dns_fwdptr.pcap", "dns", "-", "the same fuzzed header (opcode 15)"),
        ("core/rtp-seg-fault-1.pcapng", "dns", "-", "9 bytes to port 53: shorter than a DNS header (tcpdump: 'length 9 < 12')"),
        ("robustness/nbns-valgrind.pcap", "dns", "-", "the capture ends inside the first name (snap length): nothing to parse"),
        ("robustness/radius_rfc5447_invalid_length.pcap", "radius", "-", "the RADIUS length field disagrees with the datagram (the capture's point)"),
        // tshark's heuristics, which Zeek does not have: Zeek attaches DNS to ports 53, 137, 5353, 5355 only.
        ("core/dns_udp_8053.pcap", "dns", "-", "DNS on port 8053: tshark's heuristic dissector; Zeek has no DNS signature, only its ports"),
        ("robustness/someip1.pcap", "dns", "-", "SOME/IP service discovery that tshark's DNS heuristic claims"),
        // Captures that start after the handshake: the banners and hellos Zeek needs are not in them.
        ("robustness/kday3.pcap", "ssh", "-", "mid-connection SSH packets (tshark names them by port 22); no version banner"),
        ("robustness/mptcp-v0.pcap", "ssh", "-", "an MPTCP subflow joined after the banners were exchanged on the first subflow"),
        ("robustness/nfs-write-verf-cookie.pcapng", "ssl", "-", "mid-connection TLS records on port 993; no ClientHello (Zeek's SSL analyzer confirms on it)"),
    ];

    [CorpusFact]
    public void ServiceAgreesWithTsharkOnTheCorpus()
    {
        var (_, agreeWithService) = Compare(OracleRows("tshark-services.tsv"), capture => Path.Combine(Corpus.Directory!, capture), KnownDifferences);
        Assert.True(agreeWithService >= 70, $"only {agreeWithService} connections with a service agree");
    }

    /// <summary>
    /// A loopback capture of one conversation per protocol (tests/service-captures/make.sh: TLS on
    /// 8443, HTTP on 8081, SSH, FTP, SMTP and POP3 on unregistered ports, DNS, NTP, plain UDP), with
    /// tshark told the unregistered ports (decode-as; services-tshark.tsv says how it was made).
    /// </summary>
    [Fact]
    public void ServiceAgreesWithTsharkOnTheLoopbackCapture()
    {
        (string, string, string, string)[] known =
        [
            ("services.pcap", "ssl", "-", "a ClientHello on 4433 that the server answers with plain text: tshark names the hello, Zeek's signature needs the ServerHello off SSL's ports"),
        ];
        string folder = Path.Combine(Corpus.RepositoryRoot!, "tests", "service-captures");
        var (compared, agreeWithService) = Compare(OracleRows("services-tshark.tsv"), capture => Path.Combine(folder, capture), known);
        Assert.Equal(10, compared);
        Assert.Equal(8, agreeWithService);
    }

    /// <summary>Compares our service with the oracle's rows, connection by connection; returns the connections compared and those with a service that agree.</summary>
    private (int Compared, int AgreeWithService) Compare(List<(string Capture, string Proto, string A, string B, string Services)> rows, Func<string, string> pathOf,
        (string Capture, string Tshark, string Ours, string Why)[] known)
    {
        int compared = 0, agree = 0, withService = 0, agreeWithService = 0, missing = 0;
        var differences = new List<(string Capture, string Tshark, string Ours, string Key)>();
        foreach (var group in rows.GroupBy(r => r.Capture))
        {
            Dictionary<(string, string, string), string> ours;
            try
            {
                ours = OurServices(pathOf(group.Key));
            }
            catch (CaptureFileException)
            {
                // A damaged file: flows logs what it read before the damage, FlowsRun does not return it.
                missing += group.Count();
                continue;
            }
            foreach (var row in group)
            {
                if (!ours.TryGetValue((row.Proto, row.A, row.B), out string? service))
                {
                    // tshark's conversation is not one of our flows: a link type or tunnel our decoder does not
                    // open (ARCNET, PKTAP, Geneve's inner packets), a packet it rejects (fuzz files), or a
                    // key the oracle mixes for a tunnel (inner addresses, outer UDP ports).
                    missing++;
                    continue;
                }
                compared++;
                bool same = service == row.Services;
                if (row.Services != "-" || service != "-") withService++;
                if (same)
                {
                    agree++;
                    if (row.Services != "-") agreeWithService++;
                }
                else differences.Add((row.Capture, row.Services, service, $"{row.Proto} {row.A} {row.B}"));
            }
        }
        output.WriteLine($"{compared} connections compared ({missing} of tshark's not among our flows), {agree} agree; " +
                         $"{withService} with a service on either side, {agreeWithService} of them agree; {differences.Count} differ:");
        foreach (var d in differences) output.WriteLine($"  {d.Capture}  {d.Key}  tshark={d.Tshark} ours={d.Ours}");

        var unexplained = differences.Where(d => !known.Any(k => k.Capture == d.Capture && k.Tshark == d.Tshark && k.Ours == d.Ours)).ToList();
        Assert.True(unexplained.Count == 0, "unexplained differences:\n" + string.Join("\n", unexplained.Select(d => $"{d.Capture} {d.Key} tshark={d.Tshark} ours={d.Ours}")));
        var stale = known.Where(k => !differences.Any(d => d.Capture == k.Capture && d.Tshark == k.Tshark && d.Ours == k.Ours)).ToList();
        Assert.True(stale.Count == 0, "known differences that no longer occur: " + string.Join(", ", stale.Select(k => k.Capture)));
        return (compared, agreeWithService);
    }

    /// <summary>The oracle file is what tshark says today: a few captures (one per protocol family) run through tshark again.</summary>
    [TsharkCorpusFact]
    public void TheOracleFileIsTsharksOutput()
    {
        string corpus = Corpus.Directory!;
        string[] captures = ["core/dns_tcp.pcap", "robustness/ssh.pcap", "robustness/quic_handshake.pcap", "robustness/ntp.pcap"];
        var rows = OracleRows("tshark-services.tsv");
        foreach (string capture in captures)
        {
            (int code, string fields, string err) = CaptureNamespaces.RunProcess(Tools.Find("tshark")!,
                $"-n -r {Path.Combine(corpus, capture)} -T fields -E occurrence=l -e frame.protocols", TimeSpan.FromSeconds(60));
            Assert.True(code == 0, err);
            var expected = rows.Where(r => r.Capture == capture).SelectMany(r => r.Services.Split(',')).Where(s => s != "-").ToHashSet();
            Assert.NotEmpty(expected);
            foreach (string service in expected)
            {
                string tsharkName = service switch { "ssl" => "tls", "pop3" => "pop", _ => service };
                Assert.Contains(fields.Split('\n'), line => line.Split(':').Contains(tsharkName));
            }
        }
    }

    private static List<(string Capture, string Proto, string A, string B, string Services)> OracleRows(string name)
    {
        string file = Path.Combine(Corpus.RepositoryRoot!, "tests", "service-captures", name);
        return File.ReadLines(file)
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Select(c => (c[0], c[1], c[2], c[3], c[4]))
            .ToList();
    }

    /// <summary>Our service per connection, keyed as the oracle keys it (transport, the two endpoints in ordinal order); services sorted as a set.</summary>
    private static Dictionary<(string, string, string), string> OurServices(string path)
    {
        var map = new Dictionary<(string, string, string), string>();
        foreach (Flow flow in FlowsRun.File(path).Flows)
        {
            if (flow.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp)) continue;
            string proto = flow.Protocol == IpProtocol.Tcp ? "tcp" : "udp";
            string o = Endpoint(flow.OriginatorAddress, flow.OriginatorPort), r = Endpoint(flow.ResponderAddress, flow.ResponderPort);
            var key = string.CompareOrdinal(o, r) <= 0 ? (proto, o, r) : (proto, r, o);
            string service = flow.Service.IsEmpty ? "-" : string.Join(',', flow.Service.ToString().Split(',').Order(StringComparer.Ordinal));
            // A 5-tuple reused (several flows): the union, as tshark folds them into one conversation.
            if (map.TryGetValue(key, out string? earlier) && earlier != "-")
                service = service == "-" ? earlier : string.Join(',', earlier.Split(',').Union(service.Split(',')).Order(StringComparer.Ordinal));
            map[key] = service;
        }
        return map;
    }

    private static string Endpoint(FlowAddress address, ushort port) => address.IsIpv6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
