using System.Globalization;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>
/// Live export in namespaces this test builds (ssex-aN, ssex-bN, veth ssex-Na/ssex-Nb,
/// 10.93.N.0/24), with nfcapd listening on namespace A's loopback: `ping -c N -s S` gives one flow
/// each way with N packets and N*(S+28) bytes; a TCP transfer of a known size gives that size.
/// </summary>
public sealed class FlowExportNamespaceTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    private static void Ip(string args)
    {
        (int code, string _, string err) = CaptureNamespaces.RunProcess("ip", args, Bounded);
        if (code != 0) throw new InvalidOperationException($"ip {args}: {err.Trim()}");
    }

    [CaptureToolsFact("nfcapd", "nfdump", "ping")]
    public void Ping_gives_one_flow_each_way_with_its_packets_and_bytes()
    {
        const int count = 5, size = 1000;
        (Dictionary<string, (long Packets, long Bytes)> flows, string err, int n) = ExportLive("icmp", pcap: null, (a, _, n) =>
        {
            (int code, string pingOut, string _) = CaptureNamespaces.Exec(a, $"ping -c {count} -s {size} -i 0.2 -W 2 10.93.{n}.2", Bounded);
            Assert.True(code == 0, pingOut);
        });
        string all = string.Join("; ", flows.Select(f => $"{f.Key} {f.Value}")) + " | " + err;
        Assert.True(flows.TryGetValue($"10.93.{n}.1,10.93.{n}.2,0,2048,ICMP", out var request), all);
        Assert.True(flows.TryGetValue($"10.93.{n}.2,10.93.{n}.1,0,0,ICMP", out var reply), all);
        Assert.Equal((count, count * (size + 28L)), request);
        Assert.Equal((count, count * (size + 28L)), reply);
        Assert.Contains("0 records in 0 messages lost", err);
    }

    [CaptureToolsFact("nfcapd", "nfdump", "python3", "tshark")]
    public void A_tcp_transfer_of_known_size_gives_its_bytes()
    {
        // Not a round number, so that segment sizes cannot hide a missing or doubled segment.
        const int transfer = 734_501;
        string pcap = Path.Combine(Path.GetTempPath(), $"ssex-tcp-{Guid.NewGuid():N}.pcap");
        try
        {
            int received = -1;
            (Dictionary<string, (long Packets, long Bytes)> flows, string err, int n) = ExportLive("tcp", pcap, (a, b, n) =>
            {
                string server = $"ip netns exec {b} timeout 20 python3 -c \"import socket; s=socket.socket(); s.bind(('10.93.{n}.2', 5001)); s.listen(1); c,_=s.accept(); t=0\nwhile True:\n d=c.recv(65536)\n if not d: break\n t+=len(d)\nprint(t)\"";
                var serverProcess = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", server]) { RedirectStandardOutput = true })!;
                Thread.Sleep(500);
                (int code, string output, string error) = CaptureNamespaces.Exec(a,
                    $"timeout 20 python3 -c \"import socket; c=socket.create_connection(('10.93.{n}.2', 5001)); c.sendall(b'x' * {transfer}); c.close()\"", Bounded);
                Assert.True(code == 0, output + error);
                Assert.True(serverProcess.WaitForExit(20_000));
                received = int.Parse(serverProcess.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
            });
            Assert.Equal(transfer, received);
            string all = string.Join("; ", flows.Select(f => $"{f.Key} {f.Value}")) + " | " + err;
            var toServer = Assert.Single(flows, f => f.Key.StartsWith($"10.93.{n}.1,10.93.{n}.2,", StringComparison.Ordinal) && f.Key.EndsWith(",5001,TCP", StringComparison.Ordinal)).Value;
            var toClient = Assert.Single(flows, f => f.Key.StartsWith($"10.93.{n}.2,10.93.{n}.1,5001,", StringComparison.Ordinal)).Value;
            // tshark's reading of the same packets (written beside the export): the sequence space the
            // payload covers is the transfer (a retransmitted segment, which a loaded machine does
            // produce, counts once there), and the exported octets are the IP bytes of every packet,
            // retransmissions included, as NetFlow counts them.
            (long covered, long ipBytes, long packets) = TsharkSums(pcap, $"ip.src==10.93.{n}.1 && tcp.dstport==5001");
            Assert.Equal(transfer, covered);
            Assert.True((packets, ipBytes) == toServer, $"tshark {packets} packets {ipBytes} bytes, export {toServer}; {all}");
            (_, long backBytes, long backPackets) = TsharkSums(pcap, $"ip.src==10.93.{n}.2 && tcp.srcport==5001");
            Assert.Equal((backPackets, backBytes), toClient);
            Assert.Contains("0 records in 0 messages lost", err);
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    /// <summary>
    /// tshark's fields for the packets <paramref name="filter"/> selects: how many bytes of
    /// (relative) sequence space their payload covers, each byte once, their IP bytes and their count.
    /// </summary>
    private static (long CoveredPayload, long IpBytes, long Packets) TsharkSums(string pcap, string filter)
    {
        (int code, string output, string error) = CaptureNamespaces.RunProcess("tshark", $"-n -r {pcap} -Y \"{filter}\" -T fields -e tcp.seq -e tcp.len -e ip.len", Bounded);
        Assert.True(code == 0, error);
        long ip = 0, packets = 0;
        var segments = new List<(long Start, long End)>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            long seq = long.Parse(f[0], CultureInfo.InvariantCulture), length = long.Parse(f[1], CultureInfo.InvariantCulture);
            if (length > 0) segments.Add((seq, seq + length));
            ip += long.Parse(f[2], CultureInfo.InvariantCulture);
            packets++;
        }
        long covered = 0, reached = long.MinValue;
        foreach ((long start, long end) in segments.OrderBy(s => s.Start))
        {
            long from = Math.Max(start, reached);
            if (end > from) covered += end - from;
            reached = Math.Max(reached, end);
        }
        return (covered, ip, packets);
    }

    /// <summary>
    /// Builds the two namespaces, runs `capture -i VETH --export ipfix://... --export-only FILTER`
    /// (`-w PCAP FILTER` instead when a pcap is wanted) in A while <paramref name="traffic"/> runs, stops it with SIGINT
    /// and returns what nfcapd stored per flow key, the capture's stderr and the subnet number N.
    /// </summary>
    private static (Dictionary<string, (long Packets, long Bytes)> Flows, string Stderr, int N) ExportLive(string filter, string? pcap, Action<string, string, int> traffic)
    {
        int n = Random.Shared.Next(1, 250);
        string a = $"ssex-a{n}", b = $"ssex-b{n}", va = $"ssex-{n}a", vb = $"ssex-{n}b";
        string dir = Path.Combine(Path.GetTempPath(), $"ssex-ns-{Guid.NewGuid():N}");
        FlowExportTools.Nfcapd? collector = null;
        System.Diagnostics.Process? capture = null;
        try
        {
            Ip($"netns add {a}");
            Ip($"netns add {b}");
            Ip($"link add {va} netns {a} type veth peer name {vb} netns {b}");
            Ip($"-n {a} link set lo up");
            Ip($"-n {a} addr add 10.93.{n}.1/24 dev {va}");
            Ip($"-n {b} addr add 10.93.{n}.2/24 dev {vb}");
            Ip($"-n {a} link set {va} up");
            Ip($"-n {b} link set {vb} up");
            collector = new FlowExportTools.Nfcapd(4739, dir, ns: a);
            // --export-only writes no packets, so with a pcap beside the export the filter stands alone.
            string output = pcap is null ? "--export-only" : $"-w {pcap}";
            capture = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip",
                $"netns exec {a} dotnet {CaptureNamespaces.SockScopeDll} capture -i {va} --export ipfix://127.0.0.1:4739 {output} {filter}")
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var err = new System.Text.StringBuilder();
            capture.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (err) err.AppendLine(e.Data); };
            capture.BeginErrorReadLine();
            var until = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                lock (err) if (err.ToString().Contains("listening on", StringComparison.Ordinal)) break;
                Assert.False(capture.HasExited, err.ToString());
                Assert.True(DateTime.UtcNow < until, err.ToString());
                Thread.Sleep(50);
            }
            traffic(a, b, n);
            Thread.Sleep(300);
            CaptureNamespaces.RunProcess("kill", $"-INT {capture.Id}", TimeSpan.FromSeconds(5));
            Assert.True(capture.WaitForExit(20_000), err.ToString());
            capture.WaitForExit();
            Assert.Equal(0, capture.ExitCode);
            Thread.Sleep(300);
            collector.Stop();
            lock (err) return (FlowExportTools.NfdumpTotals(dir), err.ToString(), n);
        }
        finally
        {
            if (capture is { HasExited: false }) { capture.Kill(); capture.WaitForExit(5000); }
            capture?.Dispose();
            collector?.Dispose();
            CaptureNamespaces.RunProcess("ip", $"netns del {a}", Bounded);
            CaptureNamespaces.RunProcess("ip", $"netns del {b}", Bounded);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
