using System.Net;
using System.Net.Sockets;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>A test that needs reference tools on PATH (no root); skipped with the missing tool named.</summary>
internal sealed class ExportToolsFactAttribute : FactAttribute
{
    public ExportToolsFactAttribute(params string[] tools)
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
        else if (tools.FirstOrDefault(t => Tools.Find(t) is null) is { } missing) Skip = $"needs {missing} (apt packages softflowd nfdump tshark pmacct)";
    }
}

/// <summary>Shared helpers: free ports, running the built CLI and the compare script, nfcapd collectors.</summary>
internal static class FlowExportTools
{
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(120);

    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "SockScope.slnx"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>A UDP port nothing listens on now (the kernel picks it).</summary>
    public static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>Runs `dotnet sockscope.dll ARGS`, bounded.</summary>
    public static (int Code, string Out, string Err) Sockscope(string args) =>
        CaptureNamespaces.RunProcess("dotnet", $"{CaptureNamespaces.SockScopeDll} {args}", Bounded);

    /// <summary>An nfcapd (nfdump 1.7) on 127.0.0.1:port writing into its own directory; Stop() flushes its file.</summary>
    internal sealed class Nfcapd : IDisposable
    {
        private readonly System.Diagnostics.Process _process;

        /// <summary>Starts nfcapd, inside network namespace <paramref name="ns"/> when given (ip netns exec keeps the PID).</summary>
        public Nfcapd(int port, string directory, string? ns = null)
        {
            Directory.CreateDirectory(directory);
            Port = port;
            Directory_ = directory;
            string args = $"-b 127.0.0.1 -p {port} -w {directory} -t 3600";
            _process = System.Diagnostics.Process.Start(ns is null
                ? new System.Diagnostics.ProcessStartInfo(Tools.Find("nfcapd")!, args) { RedirectStandardError = true, RedirectStandardOutput = true }
                : new System.Diagnostics.ProcessStartInfo("ip", $"netns exec {ns} {Tools.Find("nfcapd")} {args}") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var until = DateTime.UtcNow.AddSeconds(10);
            while (!Started() && DateTime.UtcNow < until) Thread.Sleep(50);
        }

        public int Port { get; }
        public string Directory_ { get; }
        public System.Text.StringBuilder Log { get; } = new();

        private bool Started()
        {
            lock (Log) return Log.ToString().Contains("Startup", StringComparison.Ordinal);
        }

        /// <summary>SIGTERM (nfcapd writes its file and exits), by PID.</summary>
        public void Stop()
        {
            if (_process.HasExited) return;
            CaptureNamespaces.RunProcess("kill", $"-TERM {_process.Id}", TimeSpan.FromSeconds(5));
            if (!_process.WaitForExit(10_000)) _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }
    }

    /// <summary>`nfdump -R DIR -q -o csv` summed per key (sa,da,sp,dp,pr) to (packets, bytes).</summary>
    public static Dictionary<string, (long Packets, long Bytes)> NfdumpTotals(string directory)
    {
        (int code, string output, string error) = CaptureNamespaces.RunProcess(Tools.Find("nfdump")!, $"-R {directory} -q -o csv", Bounded);
        Assert.True(code == 0 || output.Length == 0, error);
        var totals = new Dictionary<string, (long, long)>();
        foreach (string line in output.Split('\n'))
        {
            string[] f = line.Split(',');
            if (f.Length < 13 || f[0].Length == 0 || !char.IsDigit(f[0][0])) continue;
            string key = string.Join(',', f[3], f[4], f[5], f[6], f[7]);
            (long p, long b) = totals.GetValueOrDefault(key);
            totals[key] = (p + long.Parse(f[11]), b + long.Parse(f[12]));
        }
        return totals;
    }
}
