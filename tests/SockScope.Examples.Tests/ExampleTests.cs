using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SockScope.TestSupport;

namespace SockScope.Examples.Tests;

/// <summary>
/// Runs each example of docs/library.md as the process a reader would start. Traffic goes to
/// 127.0.0.1 only: one UDP datagram (SendPacket) and three pings (LiveCapture).
/// </summary>
public sealed class ExampleTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SockScope.slnx"))) return d.FullName;
        throw new InvalidOperationException("SockScope.slnx not found above " + AppContext.BaseDirectory);
    }

    private static ProcessStartInfo Example(string name, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, $"SockScope.Examples.{name}.dll");
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return new ProcessStartInfo(dotnet, [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    }

    private static (int Exit, string Output, string Error) Run(ProcessStartInfo start)
    {
        using Process p = Process.Start(start)!;
        Task<string> error = p.StandardError.ReadToEndAsync();
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(Bounded)) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return (p.ExitCode, output.Result, error.Result);
    }

    [Theory]
    [InlineData("LiveCapture")]
    [InlineData("ReadFile")]
    [InlineData("SendPacket")]
    [InlineData("ListSockets")]
    [InlineData("PrintPackets")]
    [InlineData("PrintDns")]
    public void The_guide_shows_each_example_as_it_is_built_and_run_here(string name)
    {
        string root = RepositoryRoot();
        string guide = File.ReadAllText(Path.Combine(root, "docs", "library.md")).ReplaceLineEndings("\n");
        string program = File.ReadAllText(Path.Combine(root, "examples", name, "Program.cs")).ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.Contains("```csharp\n" + program + "\n```", guide);
    }

    [Fact]
    public void ReadFile_prints_the_tcp_ports_of_the_sample_capture()
    {
        string sample = Path.Combine(RepositoryRoot(), "examples", "data", "loopback.pcap");
        (int exit, string output, string error) = Run(Example("ReadFile", sample));
        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#1: 56698 -> 8080 [Syn]", lines[0]);
        Assert.Equal("#2: 8080 -> 56698 [Syn, Ack]", lines[1]);
        Assert.Equal("13 TCP segments in 19 packets", lines[^1]);
    }

    [Fact]
    public void PrintPackets_prints_the_sample_capture_as_tcpdump_does()
    {
        string sample = Path.Combine(RepositoryRoot(), "examples", "data", "loopback.pcap");
        (int exit, string output, string error) = Run(Example("PrintPackets", sample));
        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // tcpdump 4.99.3's `-nn -tt -r loopback.pcap`, first and last of its 19 lines.
        Assert.Equal(19, lines.Length);
        Assert.Equal("1796304066.463304 IP 127.0.0.1.56698 > 127.0.0.1.8080: Flags [S], seq 2819665490, win 65495, "
            + "options [mss 65495,sackOK,TS val 1240001515 ecr 0,nop,wscale 10], length 0", lines[0]);
        Assert.Equal("1796304067.993435 IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 53 unreachable, length 65", lines[^1]);
    }

    [NeedsToolsFact("tcpdump")]
    public void PrintPackets_prints_every_line_the_installed_tcpdump_prints()
    {
        string sample = Path.Combine(RepositoryRoot(), "examples", "data", "loopback.pcap");
        (int exit, string output, string error) = Run(Example("PrintPackets", sample));
        Assert.True(exit == 0, error);
        (int code, string expected, string stderr) = Run(new ProcessStartInfo(Tools.Find("tcpdump")!, ["-nn", "-tt", "-r", sample])
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
        Assert.True(code == 0, stderr);
        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task PrintDns_prints_a_received_query_as_tcpdump_does()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        using Process p = Process.Start(Example("PrintDns", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        Task<string> error = p.StandardError.ReadToEndAsync();
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        // A query for example.com. (ID 0x1234, recursion desired): sent until the example has bound its socket and exits.
        byte[] query = Convert.FromHexString("123401000001000000000000076578616d706c6503636f6d0000010001");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var clock = Stopwatch.StartNew();
        while (!p.WaitForExit(200) && clock.Elapsed < Bounded) client.SendTo(query, new IPEndPoint(IPAddress.Loopback, port));
        if (!p.HasExited) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, await error);
        Assert.EndsWith($" > 127.0.0.1:{port}: 4660+ A? example.com. (29)", (await output).TrimEnd('\n'));
    }

    [Fact]
    public void ListSockets_shows_a_listening_socket_with_this_process_as_owner()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        (int exit, string output, string error) = Run(Example("ListSockets"));
        Assert.True(exit == 0, error);
        string line = Assert.Single(output.Split('\n'), l => l.Contains($"127.0.0.1:{port} ", StringComparison.Ordinal));
        Assert.StartsWith("tcp   LISTEN", line);
        Assert.Contains($"({Environment.ProcessId})", line);
    }

    [RootFact]
    public void SendPacket_builds_a_udp_datagram_that_arrives_on_loopback()
    {
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)sink.LocalEndPoint!).Port;
        sink.ReceiveTimeout = 10_000;
        (int exit, string output, string error) = Run(Example("SendPacket", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(exit == 0, error);
        Assert.Contains($"127.0.0.1 -> 127.0.0.1:{port}", output);
        byte[] buffer = new byte[256];
        int n = sink.Receive(buffer);
        Assert.Equal("hello from SockScope\n", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [RootFact]
    public void LiveCapture_prints_the_pings_it_filters_on_lo()
    {
        // The example prints a line once the capture is open; then three pings to 127.0.0.1 give
        // it the two ICMP packets it waits for (any other ICMP on lo would count as well).
        using Process capture = Process.Start(Example("LiveCapture", "lo", "icmp and host 127.0.0.1", "2"))!;
        try
        {
            Task<string> error = capture.StandardError.ReadToEndAsync();
            string? first = capture.StandardOutput.ReadLine();
            Assert.Equal("capturing on lo (Ethernet): icmp and host 127.0.0.1", first);
            using (Process ping = Process.Start(new ProcessStartInfo("ping", ["-c", "3", "-i", "0.2", "-W", "1", "127.0.0.1"])
                { RedirectStandardOutput = true, UseShellExecute = false })!)
            {
                ping.StandardOutput.ReadToEnd();
                ping.WaitForExit(10_000);
            }
            string rest = capture.StandardOutput.ReadToEnd();
            Assert.True(capture.WaitForExit(15_000));
            Assert.True(capture.ExitCode == 0, rest + error.Result);
            string[] lines = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.All(lines, l => Assert.Contains("  Ethernet / Ipv4 / Icmp", l));
        }
        finally
        {
            if (!capture.HasExited) capture.Kill();
        }
    }
}
