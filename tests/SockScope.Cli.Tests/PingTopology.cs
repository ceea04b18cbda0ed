using System.Diagnostics;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>
/// Three namespaces for the probe tests, made once for the collection and always removed:
/// ssp-h1 (10.92.1.2, fd92:1::2) -- ssp-r (forwarding; .1 on both sides) -- ssp-h2 (10.92.2.2, fd92:2::2).
/// Commands run inside with `ip netns exec`, sockscope as a child process from this test's output.
/// </summary>
public sealed class PingTopology : IDisposable
{
    public const string Host1 = "ssp-h1";
    public const string Router = "ssp-r";
    public const string Host2 = "ssp-h2";

    public PingTopology()
    {
        if (!Environment.IsPrivilegedProcess || Tools.Find("ip") is null) return;
        Remove();
        try
        {
            foreach (string ns in new[] { Host1, Router, Host2 })
            {
                Ip($"netns add {ns}");
                Ip($"-n {ns} link set lo up");
                Sh($"ip netns exec {ns} sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0");
            }
            Ip($"link add ssp-h1r netns {Host1} type veth peer name ssp-rh1 netns {Router}");
            Ip($"link add ssp-h2r netns {Host2} type veth peer name ssp-rh2 netns {Router}");
            Sh($"ip netns exec {Router} sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1");
            // No ICMP rate limit at the router (time exceeded) nor at the destination (port unreachable):
            // tests compare runs back to back, each needing all of its errors.
            foreach (string ns in new[] { Router, Host2 })
                Sh($"ip netns exec {ns} sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.icmp_msgs_burst=10000");
            Ip($"-n {Host1} addr add 10.92.1.2/24 dev ssp-h1r");
            Ip($"-n {Host1} addr add fd92:1::2/64 dev ssp-h1r nodad");
            Ip($"-n {Host2} addr add 10.92.2.2/24 dev ssp-h2r");
            Ip($"-n {Host2} addr add fd92:2::2/64 dev ssp-h2r nodad");
            Ip($"-n {Router} addr add 10.92.1.1/24 dev ssp-rh1");
            Ip($"-n {Router} addr add fd92:1::1/64 dev ssp-rh1 nodad");
            Ip($"-n {Router} addr add 10.92.2.1/24 dev ssp-rh2");
            Ip($"-n {Router} addr add fd92:2::1/64 dev ssp-rh2 nodad");
            foreach ((string ns, string dev) in new[] { (Host1, "ssp-h1r"), (Host2, "ssp-h2r"), (Router, "ssp-rh1"), (Router, "ssp-rh2") })
                Ip($"-n {ns} link set {dev} up");
            Ip($"-n {Host1} route add default via 10.92.1.1");
            Ip($"-n {Host1} -6 route add default via fd92:1::1");
            Ip($"-n {Host2} route add default via 10.92.2.1");
            Ip($"-n {Host2} -6 route add default via fd92:2::1");
            // Resolve neighbours once so that the first probe of a test does not pay for ARP/ND.
            Sh($"ip netns exec {Host1} ping -c1 -W2 10.92.2.2 >/dev/null; ip netns exec {Host1} ping -c1 -W2 fd92:2::2 >/dev/null; true");
            Ready = true;
        }
        catch
        {
            Remove();
            throw;
        }
    }

    public bool Ready { get; }

    /// <summary>The sockscope entry assembly beside the tests.</summary>
    public static string SockscopeDll => Path.Combine(AppContext.BaseDirectory, "sockscope.dll");

    /// <summary>Runs `sockscope ARGS` inside a namespace; optionally as user nobody.</summary>
    public static Result Sockscope(string ns, string args, bool asNobody = false, int timeoutSeconds = 30)
    {
        string user = asNobody ? "setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp " : "";
        return Run("ip", $"netns exec {ns} {user}{CliUnderTest.Command} {args}", timeoutSeconds);
    }

    public static Result InNamespace(string ns, string command, int timeoutSeconds = 30) =>
        Run("ip", $"netns exec {ns} {command}", timeoutSeconds);

    public readonly record struct Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] Lines => Stdout.Split('\n');
    }

    public static Result Run(string file, string args, int timeoutSeconds = 30)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{file} {args} ran over {timeoutSeconds} s");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void Ip(string args)
    {
        Result r = Run("ip", args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ip {args}: {r.Stderr.Trim()}");
    }

    private static void Sh(string command)
    {
        Result r = Run("sh", $"-c \"{command}\"");
        if (r.ExitCode != 0) throw new InvalidOperationException($"{command}: {r.Stderr.Trim()}");
    }

    private static void Remove()
    {
        foreach (string ns in new[] { Host1, Router, Host2 })
            Run("ip", $"netns del {ns}");
    }

    public void Dispose()
    {
        if (Environment.IsPrivilegedProcess && Tools.Find("ip") is not null) Remove();
    }
}

[CollectionDefinition(Name)]
public sealed class PingTopologyCollection : ICollectionFixture<PingTopology>
{
    public const string Name = "ssp three-namespace topology";
}
