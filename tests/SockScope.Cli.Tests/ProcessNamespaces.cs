using System.Diagnostics;

namespace SockScope.Cli.Tests;

/// <summary>
/// Two namespaces for the process-capture tests (sspr-aN with 10.92.N.1 / fd92:N::1, sspr-bN with
/// .2 / ::2, veth sspr-Na / sspr-Nb) and a real HTTP server (python3 -m http.server) bound to B's
/// address. Every namespace and process is removed on Dispose, by name or PID.
/// </summary>
internal sealed class ProcessNamespaces : IDisposable
{
    private readonly List<Process> _started = [];

    public ProcessNamespaces()
    {
        N = Random.Shared.Next(1, 250);
        A = $"sspr-a{N}";
        B = $"sspr-b{N}";
        VethA = $"sspr-{N}a";
        string vethB = $"sspr-{N}b";
        try
        {
            Ip($"netns add {A}");
            Ip($"netns add {B}");
            Ip($"link add {VethA} netns {A} type veth peer name {vethB} netns {B}");
            foreach ((string ns, string dev, int host) in new[] { (A, VethA, 1), (B, vethB, 2) })
            {
                Ip($"-n {ns} link set lo up");
                foreach (string setting in new[] { "accept_ra=0", "router_solicitations=0", "accept_dad=0", "dad_transmits=0" })
                    CaptureNamespaces.Exec(ns, $"sysctl -qw net.ipv6.conf.{dev}.{setting}", TimeSpan.FromSeconds(5));
                Ip($"-n {ns} addr add 10.92.{N}.{host}/24 dev {dev}");
                Ip($"-n {ns} addr add fd92:{N}::{host}/64 dev {dev} nodad");
                Ip($"-n {ns} link set {dev} up");
            }
            Start(B, $"timeout 60 python3 -m http.server 8000 --bind {AddressB}");
            // Wait (bounded) until the server answers.
            for (int i = 0; i < 50; i++)
            {
                if (CaptureNamespaces.Exec(A, $"curl -s -o /dev/null -m 1 {Url}", TimeSpan.FromSeconds(5)).Code == 0) break;
                Thread.Sleep(100);
            }
            Thread.Sleep(300);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int N { get; }
    public string A { get; }
    public string B { get; }
    public string VethA { get; }
    public string AddressB => $"10.92.{N}.2";
    public string Address6B => $"fd92:{N}::2";
    public string Url => $"http://{AddressB}:8000/";

    /// <summary>Starts a command in a namespace; `ip netns exec` execs it, so the PID is the command's.</summary>
    public CaptureNamespaces.Capturer Start(string ns, string commandLine)
    {
        var p = new Process { StartInfo = new ProcessStartInfo("ip", $"netns exec {ns} {commandLine}") { RedirectStandardOutput = true, RedirectStandardError = true } };
        var c = new CaptureNamespaces.Capturer(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (c.Out) c.Out.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (c.Err) c.Err.Append(e.Data).Append('\n'); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (_started) _started.Add(p);
        return c;
    }

    /// <summary>Starts `sockscope ARGS` in namespace A.</summary>
    public CaptureNamespaces.Capturer SockScope(string args) => Start(A, $"dotnet {CaptureNamespaces.SockScopeDll} {args}");

    private static void Ip(string args)
    {
        (int code, string _, string err) = CaptureNamespaces.RunProcess("ip", args, TimeSpan.FromSeconds(10));
        if (code != 0) throw new InvalidOperationException($"ip {args}: {err.Trim()}");
    }

    public void Dispose()
    {
        foreach (Process p in _started)
        {
            try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
            p.Dispose();
        }
        CaptureNamespaces.RunProcess("ip", $"netns del {A}", TimeSpan.FromSeconds(10));
        CaptureNamespaces.RunProcess("ip", $"netns del {B}", TimeSpan.FromSeconds(10));
    }
}
