using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>How `sockscope capture` fails: one line, exit 1 (2 for bad usage), never a stack trace.</summary>
[Collection("capture-namespaces")]
public sealed class CaptureErrorTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [CaptureToolsFact("setpriv")]
    public void Without_privilege_one_line_names_CAP_NET_RAW_and_exit_is_1()
    {
        string? setpriv = Tools.Find("setpriv");
        (int code, string output, string error) = CaptureNamespaces.RunProcess(setpriv!,
            $"--reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all {CliUnderTest.Command} capture -i lo -c 1",
            Bounded);
        Assert.Equal(1, code);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("sockscope capture: ", lines[0]);
        Assert.Contains("CAP_NET_RAW", lines[0]);
        Assert.Contains("setcap cap_net_raw,cap_net_admin+eip", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", output);
    }

    [RootFact]
    public void An_unknown_interface_lists_the_known_ones()
    {
        (int code, _, string error) = CaptureNamespaces.RunProcess(CliUnderTest.File, $"{CliUnderTest.Prefix}capture -i ssc-none0 -c 1", Bounded);
        Assert.Equal(1, code);
        Assert.Contains("no such interface 'ssc-none0' (known: lo", error);
        Assert.Contains("any)", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A shell starts background jobs with SIGINT ignored; the capture must still end on it, cleanly.</summary>
    [RootFact]
    public void Sigint_ends_the_capture_even_when_it_started_ignored()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ssc-sigint-{Environment.ProcessId}.pcap");
        using var p = new System.Diagnostics.Process
        {
            StartInfo = new System.Diagnostics.ProcessStartInfo("bash",
                ["-c", $"trap '' INT; exec {CliUnderTest.Command} capture -i lo -w {file} udp port 9"])
            { RedirectStandardError = true, RedirectStandardOutput = true },
        };
        p.Start();
        try
        {
            var err = new System.Text.StringBuilder();
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (err) err.Append(e.Data).Append('\n'); };
            p.BeginErrorReadLine();
            DateTime deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Snapshot(err).Contains("listening on", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !p.HasExited) Thread.Sleep(50);
            Assert.Contains("listening on", Snapshot(err));
            CaptureNamespaces.RunProcess("kill", $"-INT {p.Id}", Bounded);
            Assert.True(p.WaitForExit(10_000), "SIGINT did not end the capture");
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            Assert.Contains("packets received by filter", Snapshot(err));
            Assert.True(new FileInfo(file).Length >= 24);
        }
        finally
        {
            if (!p.HasExited) p.Kill();
            File.Delete(file);
        }

        static string Snapshot(System.Text.StringBuilder b) { lock (b) return b.ToString(); }
    }

    [Fact]
    public void Bad_flags_are_usage_errors()
    {
        (int code, _, string error) = CaptureNamespaces.RunProcess(CliUnderTest.File, $"{CliUnderTest.Prefix}capture -i lo -Q sideways", Bounded);
        Assert.Equal(2, code);
        Assert.Contains("-Q", error);
        (code, _, error) = CaptureNamespaces.RunProcess(CliUnderTest.File, $"{CliUnderTest.Prefix}capture -i lo -W 3", Bounded);
        Assert.Equal(2, code);
        Assert.Contains("-w FILE", error);
    }
}
