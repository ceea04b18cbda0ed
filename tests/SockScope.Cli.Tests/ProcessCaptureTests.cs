using System.Globalization;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// capture --process, --pid and `-- COMMAND` against real processes in namespaces of our own:
/// an HTTP server in B, clients in A, the capture in A on the veth; checked with tshark on the
/// pcapng comments ptcpdump writes ("PID: N"). They run alone (no other test class beside them):
/// attribution sees every socket call on the host, and these tests assert on timing-sensitive
/// joins (a command's last packets, a short-lived client) that other tests' load disturbed.
/// </summary>
[Collection(ProcessCaptureCollection.Name)]
public class ProcessCaptureTests
{
    // A client that connects at once (and says so: argv[2].up), then sends its request only when the
    // test says the capture is ready (argv[2] exists; 10 s at most). With fixed sleeps, on a loaded
    // machine the exchange could happen before the capture's snapshot (the socket had no owner
    // left), or the connect after it (the polling fallback then misses the first packets).
    private const string PreClient = "import socket,time,sys,os; s=socket.create_connection((sys.argv[1],8000), timeout=10); " +
        "open(sys.argv[2] + '.up', 'w').close(); [time.sleep(0.05) for _ in range(200) if not os.path.exists(sys.argv[2])]; " +
        "s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n'); [None for _ in iter(lambda: s.recv(65536), b'')]; s.close()";

    private sealed record Frame(int Number, string Protocol, string Flow, int? Pid, int CommentPids);

    [CaptureToolsFact("tshark", "curl", "python3", "ping")]
    public void EveryPacketOfEachClientCarriesItsOwnPid()
    {
        using var ns = new ProcessNamespaces();
        string file = TempFile(), go = file + ".go";
        try
        {
            // A connection opened before the capture starts: the snapshot must know it.
            var pre = ns.Start(ns.A, $"python3 -c \"{PreClient}\" {ns.AddressB} {go}");
            WaitForFile(go + ".up");
            var capture = ns.SockScope($"capture -i {ns.VethA} --process -w {file}");
            capture.WaitReady();
            File.WriteAllText(go, "");
            var curl = ns.Start(ns.A, $"curl -s -o /dev/null -m 5 {ns.Url}");
            Assert.Equal(0, curl.WaitExit());
            var ping = ns.Start(ns.A, $"ping -c 2 -i 0.2 -W 1 {ns.AddressB}");
            Assert.Equal(0, ping.WaitExit());
            // Processes that live a few milliseconds: one UDP datagram each, IPv4 and IPv6.
            var udp4 = ns.Start(ns.A, $"python3 -c \"import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('{ns.AddressB}', 9999))\"");
            udp4.WaitExit();
            var udp6 = ns.Start(ns.A, $"python3 -c \"import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b'x', ('{ns.Address6B}', 9998))\"");
            udp6.WaitExit();
            Assert.Equal(0, pre.WaitExit());
            Thread.Sleep(300);
            Assert.Equal(0, capture.Interrupt());

            List<Frame> frames = ReadFrames(file);
            int prePid = pre.Process.Id, curlPid = curl.Process.Id, pingPid = ping.Process.Id;
            var expected = new Dictionary<string, int>();
            foreach (Frame f in frames) Assert.True(f.CommentPids <= 1, $"frame {f.Number} has {f.CommentPids} PID comments");
            // Each TCP connection is one process's: the one opened before (pre) and curl's.
            var tcp = frames.Where(f => f.Protocol == "tcp").GroupBy(f => f.Flow).ToList();
            Assert.Contains(tcp, g => g.All(f => f.Pid == prePid) && g.Count() >= 4);
            Assert.Contains(tcp, g => g.All(f => f.Pid == curlPid) && g.Count() >= 6);
            Assert.All(tcp, g => Assert.True(g.All(f => f.Pid == prePid) || g.All(f => f.Pid == curlPid), $"TCP flow {g.Key}: {string.Join(",", g.Select(f => f.Pid))}"));
            List<Frame> echo = frames.Where(f => f.Protocol == "icmp-echo").ToList();
            Assert.Equal(4, echo.Count);
            Assert.All(echo, f => Assert.Equal(pingPid, f.Pid));
            Assert.Equal(udp4.Process.Id, Assert.Single(frames, f => f.Protocol == "udp" && f.Flow.EndsWith(":9999", StringComparison.Ordinal)).Pid);
            Assert.Equal(udp6.Process.Id, Assert.Single(frames, f => f.Protocol == "udp" && f.Flow.EndsWith(":9998", StringComparison.Ordinal)).Pid);
            // No packet names a process that did not send or receive it.
            int[] known = [prePid, curlPid, pingPid, udp4.Process.Id, udp6.Process.Id];
            Assert.All(frames.Where(f => f.Pid is not null), f => Assert.Contains(f.Pid!.Value, known));
            // The check the issue names, as a user would type it.
            Assert.Equal(frames.Count(f => f.Pid == curlPid), TsharkCount(file, $"frame.comment contains \"PID: {curlPid}\\n\""));
            Assert.Equal(echo.Count, TsharkCount(file, $"frame.comment contains \"PID: {pingPid}\\n\""));

            // read shows the process again.
            (int code, string text, string _) = CaptureNamespaces.RunProcess("dotnet", $"{CaptureNamespaces.SockScopeDll} read -n {file} icmp", TimeSpan.FromSeconds(30));
            Assert.Equal(0, code);
            Assert.Contains($", {pingPid}/ping", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            File.Delete(go);
            File.Delete(go + ".up");
        }
    }

    [CaptureToolsFact("tshark", "curl", "python3", "ping")]
    public void PidKeepsOnlyThatProcessesPackets()
    {
        using var ns = new ProcessNamespaces();
        string file = TempFile(), go = file + ".go";
        try
        {
            var pre = ns.Start(ns.A, $"python3 -c \"{PreClient}\" {ns.AddressB} {go}");
            WaitForFile(go + ".up");
            var capture = ns.SockScope($"capture -i {ns.VethA} --pid {pre.Process.Id} -w {file}");
            capture.WaitReady();
            File.WriteAllText(go, "");
            var ping = ns.Start(ns.A, $"ping -c 3 -i 0.2 -W 1 {ns.AddressB}");
            var curl = ns.Start(ns.A, $"curl -s -o /dev/null -m 5 {ns.Url}");
            curl.WaitExit();
            ping.WaitExit();
            Assert.Equal(0, pre.WaitExit());
            Thread.Sleep(300);
            Assert.Equal(0, capture.Interrupt());
            List<Frame> frames = ReadFrames(file);
            Assert.True(frames.Count >= 6, $"{frames.Count} frames");
            Assert.All(frames, f => Assert.Equal(pre.Process.Id, f.Pid));
            Assert.Single(frames.Select(f => f.Flow).Distinct());
        }
        finally
        {
            File.Delete(file);
            File.Delete(go);
            File.Delete(go + ".up");
        }
    }

    // Issue 11: the ping beside the command had echo requests in the capture ring from before the
    // eBPF programs were attached (their sendmsg unseen); the ICMP join took curl's connect intent
    // to the same address for them, and curl's SYN found none. ICMP now takes only port-0 intents,
    // no packet takes an intent for a call made after it, and TCP intents only go to a SYN.
    [CaptureToolsFact("tshark", "curl", "ping")]
    public void RunsACommandCapturesOnlyItsTrafficAndPassesOnItsExitCode()
    {
        using var ns = new ProcessNamespaces();
        string file = TempFile();
        try
        {
            var ping = ns.Start(ns.A, $"ping -c 15 -i 0.2 -W 1 {ns.AddressB}");
            var capture = ns.SockScope($"capture -i {ns.VethA} -w {file} -- curl -s -o /dev/null -m 5 {ns.Url}");
            Assert.Equal(0, capture.WaitExit());
            List<Frame> frames = ReadFrames(file);
            Assert.True(frames.Count >= 6, $"{frames.Count} frames: {capture.Stderr}");
            Assert.All(frames, f => Assert.Equal("tcp", f.Protocol));
            Assert.Single(frames.Select(f => f.Flow).Distinct());
            Assert.All(frames, f => Assert.NotNull(f.Pid));

            // curl's failure comes back as our exit code (7: could not connect).
            var failing = ns.SockScope($"capture -i {ns.VethA} -w /dev/null -- curl -s -m 5 http://{ns.AddressB}:8001/");
            Assert.Equal(7, failing.WaitExit());
            ping.WaitExit();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [CaptureToolsFact("tshark", "python3")]
    public void WithoutEbpfTheSnapshotStillNamesConnectionsAndTheLimitsAreSaid()
    {
        using var ns = new ProcessNamespaces();
        string file = TempFile(), go = file + ".go";
        try
        {
            var pre = ns.Start(ns.A, $"python3 -c \"{PreClient}\" {ns.AddressB} {go}");
            WaitForFile(go + ".up");
            var capture = ns.Start(ns.A, $"env SOCKSCOPE_NO_EBPF=1 dotnet {CaptureNamespaces.SockScopeDll} capture -i {ns.VethA} --process -w {file}");
            capture.WaitReady();
            File.WriteAllText(go, "");
            Assert.Equal(0, pre.WaitExit());
            Thread.Sleep(300);
            Assert.Equal(0, capture.Interrupt());
            Assert.Single(capture.Stderr.Split('\n'), l => l.Contains("process attribution without eBPF", StringComparison.Ordinal));
            List<Frame> tcp = ReadFrames(file).Where(f => f.Protocol == "tcp").ToList();
            Assert.True(tcp.Count >= 4);
            Assert.All(tcp, f => Assert.Equal(pre.Process.Id, f.Pid));
        }
        finally
        {
            File.Delete(file);
            File.Delete(go);
            File.Delete(go + ".up");
        }
    }

    [CaptureToolsFact("setpriv", "ping")]
    public void WithoutCapBpfTheFallbackNamesTheCapabilityOnce()
    {
        using var ns = new ProcessNamespaces();
        // Packet capture allowed (CAP_NET_RAW), eBPF not: the capture goes on and says why attribution is limited.
        var capture = ns.Start(ns.A, "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin " +
            $"env HOME=/tmp dotnet {CaptureNamespaces.SockScopeDll} capture -i {ns.VethA} --process -c 2 -w /dev/null icmp");
        capture.WaitReady();
        CaptureNamespaces.Exec(ns.A, $"ping -c 2 -i 0.2 -W 1 {ns.AddressB}", TimeSpan.FromSeconds(10));
        Assert.Equal(0, capture.WaitExit());
        string[] notices = capture.Stderr.Split('\n').Where(l => l.Contains("without eBPF", StringComparison.Ordinal)).ToArray();
        Assert.Single(notices);
        Assert.Contains("needs CAP_BPF and CAP_PERFMON", notices[0], StringComparison.Ordinal);
        Assert.Contains("2 packets captured", capture.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Waits (10 s at most) until <paramref name="path"/> exists.</summary>
    private static void WaitForFile(string path)
    {
        for (int i = 0; i < 200 && !File.Exists(path); i++) Thread.Sleep(50);
        Assert.True(File.Exists(path), $"{path} did not appear");
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"sspr-{Environment.ProcessId}-{Guid.NewGuid():N}.pcapng");

    private static int TsharkCount(string file, string filter)
    {
        var start = new System.Diagnostics.ProcessStartInfo("tshark", ["-r", file, "-Y", filter, "-T", "fields", "-e", "frame.number"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = System.Diagnostics.Process.Start(start)!;
        Task<string> error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), "tshark did not end");
        Assert.True(p.ExitCode == 0, error.Result);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>Every frame with its protocol, its flow (lower endpoint first) and the PID its comments name.</summary>
    private static List<Frame> ReadFrames(string file)
    {
        // tshark's own quoting would split on the comma in frame.comment; take it in a field of its own with a separator it does not use.
        (int code, string output, string error) = CaptureNamespaces.RunProcess("tshark",
            $"-r {file} -T fields -E separator=/t -E occurrence=a -E aggregator=| -e frame.number -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport -e icmp.type -e icmpv6.type -e frame.comment",
            TimeSpan.FromSeconds(30));
        Assert.True(code == 0, error);
        var frames = new List<Frame>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            string src = f[1] + f[2], dst = f[3] + f[4];
            // ICMP first: an error message quotes the UDP or TCP header it answers.
            string protocol = f[9] is "0" or "8" || f[10] is "128" or "129" ? "icmp-echo" : f[9].Length > 0 || f[10].Length > 0 ? "icmp" : f[5].Length > 0 ? "tcp" : f[7].Length > 0 ? "udp" : "other";
            string a = $"{src}:{f[5]}{f[7]}", b = $"{dst}:{f[6]}{f[8]}";
            string flow = protocol == "udp" ? $"{a}>{b}" : string.CompareOrdinal(a, b) < 0 ? $"{a}-{b}" : $"{b}-{a}";
            int? pid = null;
            int count = 0;
            string comment = f.Length > 11 ? f[11].Replace("\\n", "\n", StringComparison.Ordinal) : "";
            foreach (string commentLine in comment.Split('\n', '|'))
            {
                if (!commentLine.StartsWith("PID: ", StringComparison.Ordinal)) continue;
                count++;
                pid = int.Parse(commentLine[5..], CultureInfo.InvariantCulture);
            }
            frames.Add(new Frame(int.Parse(f[0], CultureInfo.InvariantCulture), protocol, flow, pid, count));
        }
        return frames;
    }
}

/// <summary>Runs <see cref="ProcessCaptureTests"/> with test parallelization off.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCaptureCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process capture, alone";
}
