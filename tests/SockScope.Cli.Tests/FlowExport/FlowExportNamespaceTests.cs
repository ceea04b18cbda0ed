using SockScope.TestSupport;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>
/// Live export in namespaces this test builds (ssex-aN, ssex-bN, veth ssex-Na/ssex-Nb,
/// 10.93.N.0/24), with nfcapd listening on namespace A's loopback: `ping -c N -s S` gives one flow
/// each way with N packets and N*(S+28) bytes.
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
        int n = Random.Shared.Next(1, 250);
        string a = $"ssex-a{n}", b = $"ssex-b{n}", va = $"ssex-{n}a", vb = $"ssex-{n}b";
        string dir = Path.Combine(Path.GetTempPath(), $"ssex-ns-{Guid.NewGuid():N}");
        const int count = 5, size = 1000;
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
            capture = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip",
                $"netns exec {a} dotnet {CaptureNamespaces.SockScopeDll} capture -i {va} --export ipfix://127.0.0.1:4739 --export-only icmp")
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
            (int code, string pingOut, string _) = CaptureNamespaces.Exec(a, $"ping -c {count} -s {size} -i 0.2 -W 2 10.93.{n}.2", Bounded);
            Assert.True(code == 0, pingOut);
            Thread.Sleep(300);
            CaptureNamespaces.RunProcess("kill", $"-INT {capture.Id}", TimeSpan.FromSeconds(5));
            Assert.True(capture.WaitForExit(20_000), err.ToString());
            capture.WaitForExit();
            Assert.Equal(0, capture.ExitCode);
            Thread.Sleep(300);
            collector.Stop();
            Dictionary<string, (long Packets, long Bytes)> flows = FlowExportTools.NfdumpTotals(dir);
            string all = string.Join("; ", flows.Select(f => $"{f.Key} {f.Value}")) + " | " + err;
            Assert.True(flows.TryGetValue($"10.93.{n}.1,10.93.{n}.2,0,2048,ICMP", out var request), all);
            Assert.True(flows.TryGetValue($"10.93.{n}.2,10.93.{n}.1,0,0,ICMP", out var reply), all);
            Assert.Equal((count, count * (size + 28L)), request);
            Assert.Equal((count, count * (size + 28L)), reply);
            Assert.Contains("0 records in 0 messages lost", err.ToString());
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
