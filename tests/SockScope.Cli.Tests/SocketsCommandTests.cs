using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SockScope.Cli.Commands;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>Runs the built `sockscope` as a user would, for the observability commands.</summary>
internal static class ObserveCli
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        ProcessStartInfo start = CliUnderTest.StartInfo(args);
        using Process p = Process.Start(start)!;
        Task<string> error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) p.Kill(entireProcessTree: true);
        return (p.ExitCode, output, error.Result);
    }

    /// <summary>
    /// Compares our output with a reference tool's taken just before and just after it. The
    /// kernel adds entries on its own (IPv6 link-local routes after DAD, multicast neighbours),
    /// so when the two snapshots differ we try again, and in the end accept any output that
    /// holds every line both snapshots share and no line neither has.
    /// </summary>
    public static void AssertSameAsTool(Func<string> tool, Func<string> ours)
    {
        static string Trim(string text) => string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()));
        string before = "", output = "", after = "";
        for (int attempt = 0; attempt < 5; attempt++)
        {
            before = Trim(tool());
            output = ours();
            after = Trim(tool());
            // The kernel adds and expires entries on its own (multicast neighbours, MLD reports):
            // a comparison counts only when the tool saw the same table before and after ours.
            if (before == after && before == Trim(output)) return;
            Thread.Sleep(500);
        }
        // Never a quiet moment: every entry both tool runs saw must be ours, and ours must be
        // one of theirs.
        string[] mine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] b = before.Split('\n', StringSplitOptions.RemoveEmptyEntries), a = after.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Empty(b.Intersect(a).Except(mine));
        Assert.Empty(mine.Except(b.Union(a)));
    }

    public static string Tool(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit(30_000);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
        return output;
    }
}

public class SocketsCommandTests
{
    [Theory]
    [InlineData(new[] { "-0a" }, new[] { "0", "a" })]
    [InlineData(new[] { "-tuanp" }, new[] { "t", "u", "a", "n", "p" })]
    [InlineData(new[] { "-t4", "-x" }, new[] { "t", "4", "x" })]
    [InlineData(new[] { "--json", "-6" }, new[] { "json", "6" })]
    public void SsDigitFlagsAreReadAsFlags(string[] given, string[] expected)
    {
        var reader = new ArgReader(given);
        var seen = new List<string>();
        while (reader.TryNext(out string option)) seen.Add(option);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void BadUsageExitsTwoWithOneLine()
    {
        Assert.Throws<UsageException>(() => new SocketsCommand().Run(["-4", "-6"]));
        Assert.Throws<UsageException>(() => new SocketsCommand().Run(["--bogus"]));
        Assert.Throws<UsageException>(() => new SocketsCommand().Run(["established"]));
    }

    [RootFact]
    public void ListsAListenerWithItsOwnerInSsColumns()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(7);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        (int exit, string output, string error) = ObserveCli.Run("sockets", "-tlnp");
        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("State  Recv-Q Send-Q", lines[0]);
        string line = Assert.Single(lines, l => l.Contains($"127.0.0.1:{port} ", StringComparison.Ordinal));
        Assert.StartsWith("LISTEN 0      7 ", line);
        Assert.Contains($"pid={Environment.ProcessId},fd=", line);
    }

    /// <summary>Without privilege the sockets are still listed; the owners in other users' processes are not, and it says so.</summary>
    [RootFact("setpriv")]
    public void UnprivilegedListingShowsTheSocketsAndSaysWhatIsHidden()
    {
        string? setpriv = Tools.Find("setpriv");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(3);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        (int exit, string output, string error) = CaptureNamespaces.RunProcess(setpriv!,
            $"--reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all {CliUnderTest.Command} sockets -tlnp",
            TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, error);
        string line = Assert.Single(output.Split('\n'), l => l.Contains($"127.0.0.1:{port} ", StringComparison.Ordinal));
        Assert.StartsWith("LISTEN 0      3 ", line);
        Assert.DoesNotContain("pid=", line);
        Assert.Contains("owners of sockets in ", error);
        Assert.Contains("processes of other users are hidden (run as root to see them)", error);
        Assert.DoesNotContain("   at ", error);
    }

    [RootFact]
    public void JsonAndSniffersJsonParse()
    {
        using var packet = new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)0x0300);
        (int exit, string output, _) = ObserveCli.Run("sockets", "--sniffers", "--json");
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Contains(doc.RootElement.GetProperty("sniffers").EnumerateArray(),
            s => s.GetProperty("pid").GetInt32() == Environment.ProcessId && s.GetProperty("protocol").GetString() == "ETH_P_ALL");
        (exit, output, _) = ObserveCli.Run("sockets", "-0", "--json");
        Assert.Equal(0, exit);
        using JsonDocument listing = JsonDocument.Parse(output);
        Assert.Contains(listing.RootElement.GetProperty("sockets").EnumerateArray(),
            s => s.GetProperty("netid").GetString() == "p_raw" && s.GetProperty("users").EnumerateArray().Any(u => u.GetProperty("pid").GetInt32() == Environment.ProcessId));
    }
}
