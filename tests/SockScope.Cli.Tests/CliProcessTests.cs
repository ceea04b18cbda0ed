using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SockScope.Cli.Tests;

/// <summary>
/// The commands a user runs first, through a real process: the JIT build, or the published
/// binary named by SOCKSCOPE_CLI (CI runs them against the Native AOT file, where trimming
/// or a missing instruction set would show up).
/// </summary>
public sealed class CliProcessTests
{
    private static readonly string Sample = Path.Combine(RepositoryRoot(), "examples", "data", "loopback.pcap");

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SockScope.slnx"))) return d.FullName;
        throw new InvalidOperationException("SockScope.slnx not found above " + AppContext.BaseDirectory);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using Process p = Process.Start(CliUnderTest.StartInfo(args))!;
        Task<string> error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) p.Kill(entireProcessTree: true);
        return (p.ExitCode, output, error.Result);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Version_and_help()
    {
        (int exit, string output, _) = Run("--version");
        Assert.Equal(0, exit);
        Assert.StartsWith("sockscope ", output);
        (exit, output, _) = Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("capture", output);
    }

    [Fact]
    public void Reads_the_readme_sample_like_tcpdump()
    {
        (int exit, string output, string error) = Run("read", Sample, "-nn");
        Assert.True(exit == 0, error);
        string[] lines = Lines(output);
        Assert.Equal(19, lines.Length);
        Assert.Contains("IP 127.0.0.1.56698 > 127.0.0.1.8080: Flags [S], seq 2819665490", lines[0]);
        Assert.Contains("ICMP echo request, id 18381, seq 1, length 64", output);
        Assert.Contains("A? example.com. (29)", output);
        Assert.Contains("reading from file", error);
    }

    [Fact]
    public void Filters_and_counts()
    {
        (int exit, string output, string error) = Run("read", Sample, "-nn", "-c", "3", "icmp");
        Assert.True(exit == 0, error);
        string[] lines = Lines(output);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains(" ICMP ", l));
    }

    [Fact]
    public void Writes_one_json_object_per_packet()
    {
        (int exit, string output, string error) = Run("read", Sample, "--json");
        Assert.True(exit == 0, error);
        string[] lines = Lines(output);
        Assert.Equal(19, lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("frame", out _));
        }
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal("127.0.0.1", first.RootElement.GetProperty("ip").GetProperty("src").GetString());
    }

    [Fact]
    public void Compiles_a_filter_and_points_at_a_syntax_error()
    {
        (int exit, string output, _) = Run("filter", "tcp port 80", "-d");
        Assert.Equal(0, exit);
        Assert.StartsWith("(000) ldh      [12]", output);
        (exit, _, string error) = Run("filter", "tcp port");
        Assert.Equal(2, exit);
        Assert.Contains("^", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Lists_a_listening_socket_and_the_interfaces()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        (int exit, string output, string error) = Run("sockets", "-tln");
        Assert.True(exit == 0, error);
        Assert.Contains($"127.0.0.1:{port} ", output);
        (exit, output, error) = Run("interfaces", "-b");
        Assert.True(exit == 0, error);
        Assert.Contains(Lines(output), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "lo", ..]);
    }

    [Fact]
    public void A_missing_file_is_one_line_on_stderr()
    {
        (int exit, _, string error) = Run("read", "/nonexistent/ssna.pcap");
        Assert.Equal(1, exit);
        Assert.Single(Lines(error));
    }
}
