using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests.Stats;

/// <summary>`stats -i`: a live capture on loopback with the filter run by the kernel.</summary>
public sealed class StatsLiveTests
{
    [RootFact("ping")]
    public void A_live_count_keeps_only_what_the_filter_takes()
    {
        // Addresses of loopback no other test uses: echo requests to one, UDP noise to another.
        var stats = Process.Start(new ProcessStartInfo("dotnet", $"{CaptureNamespaces.SockScopeDll} stats -i lo -c 4 -z conv,ip \"icmp and host 127.0.0.77\"")
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while (!stats.StandardError.ReadLine()!.Contains("counting on", StringComparison.Ordinal))
                Assert.True(DateTime.UtcNow < until);
            using var noise = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            for (int i = 0; i < 20; i++) noise.SendTo([1, 2, 3], new IPEndPoint(IPAddress.Parse("127.0.0.78"), 9));
            (int code, string output, string error) = CaptureNamespaces.RunProcess("ping", "-c 3 -i 0.2 -W 1 127.0.0.77", TimeSpan.FromSeconds(10));
            Assert.True(code == 0, output + error);
            Assert.True(stats.WaitForExit(10_000), "stats -c 4 did not end");
            string blocks = stats.StandardOutput.ReadToEnd();
            Assert.Equal(0, stats.ExitCode);
            Assert.Contains("IPv4 Conversations", blocks);
            Assert.Contains("127.0.0.77", blocks);
            Assert.DoesNotContain("127.0.0.78", blocks);
            // Four frames, all ICMP between loopback and .77: one conversation row.
            Assert.Single(blocks.Split('\n'), l => l.Contains("127.0.0.77", StringComparison.Ordinal) && l.Contains("<->", StringComparison.Ordinal));
        }
        finally
        {
            if (!stats.HasExited) stats.Kill();
            stats.Dispose();
        }
    }
}
