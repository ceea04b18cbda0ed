using System.Diagnostics;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>`capture --raw-ip`: a raw IP socket instead of a packet socket, link-type RAW.</summary>
[Collection("capture-namespaces")]
public sealed class CaptureRawIpTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [RootFact]
    public void Raw_ip_capture_sees_the_pings_to_loopback_and_filters_them_in_the_kernel()
    {
        using var capture = new Process
        {
            StartInfo = new ProcessStartInfo(CliUnderTest.File, [.. CliUnderTest.PrefixArgs, "capture", "--raw-ip", "icmp", "-nn", "-t", "-c", "2", "ip[2:2] == 151"])
            { RedirectStandardError = true, RedirectStandardOutput = true },
        };
        capture.Start();
        try
        {
            Task<string> output = capture.StandardOutput.ReadToEndAsync();
            Task<string?> listening = Task.Run(async () =>
            {
                while (await capture.StandardError.ReadLineAsync() is string line)
                    if (line.Contains("listening on", StringComparison.Ordinal)) return line;
                return null;
            });
            Assert.True(listening.Wait(Bounded), "no 'listening on' line");
            Assert.Contains("listening on ip, link-type RAW", listening.Result);
            // 20 + 8 + 123 bytes: only these two datagrams pass the filter, whatever else runs.
            CaptureNamespaces.RunProcess("ping", "-c 1 -s 123 -W 2 127.0.0.1", Bounded);
            Assert.True(capture.WaitForExit(20_000), "the capture did not stop after -c 2");
            Assert.Equal(0, capture.ExitCode);
            string[] lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id ", lines[0]);
            Assert.EndsWith(", seq 1, length 131", lines[0]);
            Assert.StartsWith("IP 127.0.0.1 > 127.0.0.1: ICMP echo reply, id ", lines[1]);
        }
        finally
        {
            if (!capture.HasExited) capture.Kill();
        }
    }

    [Fact]
    public void Raw_ip_refuses_the_packet_socket_options_and_unknown_protocols()
    {
        (int code, _, string error) = CaptureNamespaces.RunProcess(CliUnderTest.File, $"{CliUnderTest.Prefix}capture --raw-ip icmp -i lo", Bounded);
        Assert.Equal(2, code);
        Assert.Contains("-i, -p, -Q, -B", error);
        (code, _, error) = CaptureNamespaces.RunProcess(CliUnderTest.File, $"{CliUnderTest.Prefix}capture --raw-ip ospf", Bounded);
        Assert.Equal(2, code);
        Assert.Contains("'ospf' is not an IP protocol", error);
    }
}
