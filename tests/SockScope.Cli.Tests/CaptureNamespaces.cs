using System.Diagnostics;
using System.Text;

namespace SockScope.Cli.Tests;

/// <summary>
/// Two network namespaces (ssc-aN, ssc-bN by default) joined by a veth pair (ssc-Na in A, ssc-Nb in B),
/// 10.91.N.1/24 and fd91:N::1/64 in A, .2 and ::2 in B. Everything is removed on Dispose, by name.
/// Also runs the built `sockscope` and reference tools inside them, bounded in time.
/// </summary>
internal sealed class CaptureNamespaces : IDisposable
{
    private readonly List<Process> _started = [];

    public CaptureNamespaces() : this("ssc", 91)
    {
    }

    /// <summary>The pair PREFIX-aN / PREFIX-bN on 10.SUBNET.N.0/24 and fdSUBNET:N::/64, for test classes that must not share names or addresses.</summary>
    public CaptureNamespaces(string prefix, int subnet)
    {
        // Claim a free N first: another test (or another test run) may hold the pair already, and
        // only namespaces this instance created may be removed by its Dispose.
        (N, A, B) = ClaimNamespaces(prefix);
        Subnet = subnet;
        VethA = $"{prefix}-{N}a";
        VethB = $"{prefix}-{N}b";
        try
        {
            Ip($"link add {VethA} netns {A} type veth peer name {VethB} netns {B}");
            foreach ((string ns, string dev, int host) in new[] { (A, VethA, 1), (B, VethB, 2) })
            {
                Ip($"-n {ns} link set lo up");
                // A quiet link: no router solicitations, no DAD, MLD reports done at once, so the
                // only packets are the ones a test sends (the captures start at slightly different times).
                foreach (string setting in new[] { "accept_ra=0", "router_solicitations=0", "accept_dad=0", "dad_transmits=0",
                    "mldv1_unsolicited_report_interval=1", "mldv2_unsolicited_report_interval=1" })
                    Exec(ns, $"sysctl -qw net.ipv6.conf.{dev}.{setting}", TimeSpan.FromSeconds(5));
                Ip($"-n {ns} addr add 10.{Subnet}.{N}.{host}/24 dev {dev}");
                Ip($"-n {ns} addr add fd{Subnet}:{N}::{host}/64 dev {dev} nodad");
                Ip($"-n {ns} link set {dev} up");
            }
            // Let the links settle (ARP, IPv6 autoconfiguration noise) before any capture starts.
            Exec(A, $"ping -c 1 -W 2 {AddressB}", TimeSpan.FromSeconds(5));
            Thread.Sleep(800);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int N { get; }
    public int Subnet { get; }
    public string A { get; }
    public string B { get; }
    public string VethA { get; }
    public string VethB { get; }
    public string AddressA => $"10.{Subnet}.{N}.1";
    public string AddressB => $"10.{Subnet}.{N}.2";
    public string Address6B => $"fd{Subnet}:{N}::2";

    public static string SockScopeDll => Path.Combine(AppContext.BaseDirectory, "sockscope.dll");

    /// <summary>Creates PREFIX-aN and PREFIX-bN for a random N that nobody holds (bounded: 50 tries).</summary>
    private static (int N, string A, string B) ClaimNamespaces(string prefix)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int n = Random.Shared.Next(1, 250);
            string a = $"{prefix}-a{n}", b = $"{prefix}-b{n}";
            if (RunProcess("ip", $"netns add {a}", TimeSpan.FromSeconds(10)).Code != 0) continue;
            if (RunProcess("ip", $"netns add {b}", TimeSpan.FromSeconds(10)).Code == 0) return (n, a, b);
            RunProcess("ip", $"netns delete {a}", TimeSpan.FromSeconds(10));
        }
        throw new InvalidOperationException($"ip netns add: no free {prefix}-aN/{prefix}-bN pair in 50 tries");
    }

    private static void Ip(string args)
    {
        (int code, string _, string err) = RunProcess("ip", args, TimeSpan.FromSeconds(10));
        if (code != 0) throw new InvalidOperationException($"ip {args}: {err.Trim()}");
    }

    /// <summary>Runs a shell command in namespace <paramref name="ns"/> and waits for it (killed at the deadline).</summary>
    public static (int Code, string Out, string Err) Exec(string ns, string shellCommand, TimeSpan timeout) =>
        RunProcess("ip", $"netns exec {ns} bash -c \"{shellCommand.Replace("\"", "\\\"")}\"", timeout);

    public static (int Code, string Out, string Err) RunProcess(string file, string args, TimeSpan timeout)
    {
        using var p = new Process { StartInfo = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true } };
        var output = new StringBuilder();
        var error = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.Append(e.Data).Append('\n'); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{file} {args} did not end within {timeout}");
        }
        p.WaitForExit();
        return (p.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>A capturer started in a namespace (ip netns exec replaces itself with the command, so the PID is the tool's).</summary>
    public Capturer Start(string ns, string file, string args) => Start(ns, $"{file} {args}");

    public Capturer Start(string ns, string commandLine)
    {
        var p = new Process { StartInfo = new ProcessStartInfo("ip", $"netns exec {ns} {commandLine}") { RedirectStandardOutput = true, RedirectStandardError = true } };
        var c = new Capturer(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (c.Out) c.Out.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (c.Err) c.Err.Append(e.Data).Append('\n'); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (_started) _started.Add(p);
        return c;
    }

    public void Dispose()
    {
        foreach (Process p in _started)
        {
            try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
            p.Dispose();
        }
        // Deleting the namespaces deletes the veth pair with them.
        RunProcess("ip", $"netns del {A}", TimeSpan.FromSeconds(10));
        RunProcess("ip", $"netns del {B}", TimeSpan.FromSeconds(10));
    }

    internal sealed class Capturer(Process process)
    {
        public Process Process { get; } = process;
        public StringBuilder Out { get; } = new();
        public StringBuilder Err { get; } = new();

        public string Stderr { get { lock (Err) return Err.ToString(); } }
        public string Stdout { get { lock (Out) return Out.ToString(); } }

        public void WaitReady(string marker = "listening on")
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Stderr.Contains(marker, StringComparison.Ordinal))
            {
                if (Process.HasExited) throw new InvalidOperationException($"capturer exited early ({Process.ExitCode}): {Stderr}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"capturer not ready: {Stderr}");
                Thread.Sleep(50);
            }
        }

        /// <summary>SIGINT by PID, then wait for a clean end.</summary>
        public int Interrupt()
        {
            RunProcess("kill", $"-INT {Process.Id}", TimeSpan.FromSeconds(5));
            return WaitExit();
        }

        public int WaitExit(int seconds = 20)
        {
            if (!Process.WaitForExit(seconds * 1000))
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"capturer did not end: {Stderr}");
            }
            Process.WaitForExit();
            return Process.ExitCode;
        }

        public long Counter(string what)
        {
            foreach (string line in Stderr.Split('\n'))
                if (line.EndsWith(what, StringComparison.Ordinal) && long.TryParse(line.Split(' ')[0], out long n)) return n;
            throw new InvalidOperationException($"no '{what}' line in: {Stderr}");
        }
    }
}

/// <summary>A namespace test that also needs reference tools (tcpdump, tshark, setpriv ...); skipped with the reason where one is missing.</summary>
internal sealed class CaptureToolsFactAttribute : FactAttribute
{
    public CaptureToolsFactAttribute(params string[] tools)
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux network namespaces";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root to create network namespaces and capture: run the tests as root";
        else if (SockScope.TestSupport.Tools.Find("ip") is null) Skip = "needs iproute2 (`ip`)";
        else if (tools.FirstOrDefault(t => SockScope.TestSupport.Tools.Find(t) is null) is { } missing) Skip = $"needs {missing}";
    }
}
