using System.Diagnostics;
using System.Text.Json;
using SockScope.Cli.Commands;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

public class WatchCommandTests
{
    [Fact]
    public void BadFiltersAreBadUsage()
    {
        Assert.Throws<UsageException>(() => new WatchCommand().Run(["--family", "martian"]));
        Assert.Throws<UsageException>(() => new WatchCommand().Run(["--type", "bogus"]));
        Assert.Throws<UsageException>(() => new WatchCommand().Run(["--syscall", "socket,read"]));
        Assert.Throws<UsageException>(() => new WatchCommand().Run(["--comm", "a-name-longer-than-15"]));
    }

    [RootFact]
    public void PrintsTheCallsOfAProcessAsJsonLinesAndStopsAfterCount()
    {
        // The target starts, waits for the watch to attach, then opens a packet socket and an ICMP raw socket.
        using Process target = Process.Start(new ProcessStartInfo("bash", ["-c", "read -t 20 go; exec 3<>/dev/tcp/127.0.0.1/1 2>/dev/null; exit 0"])
            { RedirectStandardInput = true, UseShellExecute = false })!;
        ProcessStartInfo start = CliUnderTest.StartInfo();
        foreach (string a in new[] { "watch", "--pid", target.Id.ToString(), "--json", "-c", "2", "--duration", "30" })
            start.ArgumentList.Add(a);
        using Process watch = Process.Start(start)!;
        try
        {
            // The watch says it is tracing on stderr once attached.
            string? banner = watch.StandardError.ReadLine();
            Assert.Contains("tracing with the eBPF ring buffer", banner);
            target.StandardInput.WriteLine("go");
            string output = watch.StandardOutput.ReadToEnd();
            Assert.True(watch.WaitForExit(30_000));
            Assert.Equal(0, watch.ExitCode);
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            using JsonDocument socket = JsonDocument.Parse(lines[0]);
            Assert.Equal("socket", socket.RootElement.GetProperty("syscall").GetString());
            Assert.Equal(target.Id, socket.RootElement.GetProperty("pid").GetInt32());
            Assert.Equal("AF_INET", socket.RootElement.GetProperty("args").GetProperty("family").GetString());
            Assert.Equal("SOCK_STREAM", socket.RootElement.GetProperty("args").GetProperty("type").GetString());
            using JsonDocument connect = JsonDocument.Parse(lines[1]);
            Assert.Equal("connect", connect.RootElement.GetProperty("syscall").GetString());
            Assert.Equal("{AF_INET, 127.0.0.1:1}", connect.RootElement.GetProperty("args").GetProperty("addr").GetString());
            Assert.Equal("ECONNREFUSED", connect.RootElement.GetProperty("errno").GetString());
            Assert.Equal(-111, connect.RootElement.GetProperty("ret").GetInt64());
        }
        finally
        {
            if (!watch.HasExited) watch.Kill();
            if (!target.HasExited) target.Kill();
        }
    }
}
