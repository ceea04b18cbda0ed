using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SockScope.Net.Observability;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Observability;

/// <summary>The eBPF watch, on calls this process makes (and another process makes meanwhile).</summary>
public partial class SocketWatchTests
{
    private const int AF_UNIX = 1, AF_PACKET = 17, SOCK_RAW = 3, SOCK_SEQPACKET = 5, SOCK_NONBLOCK = 0x800;
    // The counted calls: a unix seqpacket socket is cheap to open and close (a packet socket's
    // close waits for an RCU grace period), and nothing else in this process opens one nonblocking.
    private const int MarkerFamily = AF_UNIX, MarkerType = SOCK_SEQPACKET | SOCK_NONBLOCK;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int family, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Runs the watch on its own thread, keeping every event, until <paramref name="stop"/>.</summary>
    private static (ConcurrentQueue<SocketCallEvent> Events, Task Running) CollectAll(EbpfSocketWatch watch, CancellationToken stop)
    {
        var events = new ConcurrentQueue<SocketCallEvent>();
        Task running = Task.Factory.StartNew(() => watch.Run(e =>
        {
            events.Enqueue(e);
            return true;
        }, stop), TaskCreationOptions.LongRunning);
        return (events, running);
    }

    [RootFact]
    public void ReportsEachCallDecodedLosesNoneAtHighRatesAndFiltersOtherProcessesInTheKernel()
    {
        const int calls = 20_000;
        int self = Environment.ProcessId;
        using var watch = EbpfSocketWatch.Start(new SocketWatchOptions { Pid = self });
        using var stop = new CancellationTokenSource();
        (ConcurrentQueue<SocketCallEvent> events, Task running) = CollectAll(watch, stop.Token);

        // Another process making socket calls meanwhile: none of them may reach the ring buffer.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(256);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using Process other = Process.Start(new ProcessStartInfo("bash", ["-c", $"for i in $(seq 100); do exec 3<>/dev/tcp/127.0.0.1/{port}; exec 3>&-; done"]))!;

        // A sniffer's socket, then a listener's and a client's calls, then many socket() calls, counted.
        int raw = SocketCall(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0x0300);
        Assert.True(raw >= 0);
        Close(raw);
        using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            server.Listen(5);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(server.LocalEndPoint!);
        }
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            int fd = SocketCall(MarkerFamily, MarkerType, 0);
            if (fd >= 0) Close(fd);
        }
        double rate = calls / clock.Elapsed.TotalSeconds;
        Assert.True(other.WaitForExit(30_000));
        while (listener.Pending()) listener.AcceptSocket().Dispose();

        // Wait (boundedly) for the last marker call to come through, then stop.
        var wait = Stopwatch.StartNew();
        while (events.Count(IsMarker) < calls && wait.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(50);
        stop.Cancel();
        running.Wait();

        Assert.True(rate >= 10_000, $"only {rate:F0} socket() calls per second");
        Assert.Equal(0ul, watch.LostEvents);
        Assert.Equal(calls, events.Count(IsMarker));
        Assert.All(events, e => Assert.Equal(self, e.Pid));
        // Every record the kernel wrote belongs to a delivered event of ours: the filter ran in the kernel.
        Assert.Equal(watch.RecordsReceived, events.Sum(e => e.Return is null ? 1 : 2));

        string[] lines = events.Where(e => !IsMarker(e)).Select(SocketCallDecoder.Line).ToArray();
        Assert.Contains(lines, l => l.Contains($"pid={self} ", StringComparison.Ordinal) && l.Contains("socket(family=AF_PACKET, type=SOCK_RAW|SOCK_NONBLOCK, protocol=ETH_P_ALL) = ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("socket(family=AF_INET, type=SOCK_STREAM", StringComparison.Ordinal) && l.Contains("protocol=IPPROTO_TCP) = ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("bind(fd=", StringComparison.Ordinal) && l.Contains("addr={AF_INET, 127.0.0.1:0}, addrlen=16) = 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("listen(fd=", StringComparison.Ordinal) && l.EndsWith("backlog=5) = 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("connect(fd=", StringComparison.Ordinal) && l.Contains("addr={AF_INET, 127.0.0.1:", StringComparison.Ordinal));
        SocketCallEvent marker = events.First(IsMarker);
        Assert.Contains(" socket(family=AF_UNIX, type=SOCK_SEQPACKET|SOCK_NONBLOCK, protocol=0) = ", SocketCallDecoder.Line(marker));
        Assert.True(marker.Return >= 0);
        Assert.Equal(0u, marker.Uid);
    }

    [RootFact]
    public void TheCommandFilterKeepsOnlyThatCommandsCalls()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(64);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var watch = EbpfSocketWatch.Start(new SocketWatchOptions { Command = "bash", Syscalls = new HashSet<WatchedSyscall> { WatchedSyscall.Connect } });
        using var stop = new CancellationTokenSource();
        (ConcurrentQueue<SocketCallEvent> events, Task running) = CollectAll(watch, stop.Token);
        using Process bash = Process.Start(new ProcessStartInfo("bash", ["-c", $"for i in 1 2 3; do exec 3<>/dev/tcp/127.0.0.1/{port}; exec 3>&-; done"]))!;
        Assert.True(bash.WaitForExit(30_000));
        using (var mine = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            mine.Connect(listener.LocalEndpoint);
        // glibc's resolver may also connect() from bash (to nscd's AF_UNIX socket, say), depending on
        // the machine's nsswitch setup: count only the connections to our listener.
        string target = $"addr={{AF_INET, 127.0.0.1:{port}}}";
        bool IsBashToListener(SocketCallEvent e) => e.Pid == bash.Id && SocketCallDecoder.Line(e).Contains(target, StringComparison.Ordinal);
        var wait = Stopwatch.StartNew();
        while (events.Count(IsBashToListener) < 3 && wait.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(50);
        stop.Cancel();
        running.Wait();
        Assert.Equal(3, events.Count(IsBashToListener));
        Assert.All(events, e =>
        {
            Assert.Equal("bash", e.Command);
            Assert.Equal(WatchedSyscall.Connect, e.Syscall);
        });
    }

    [RootFact]
    public void TheTracefsFallbackSeesTheSameCallsWithoutAddresses()
    {
        using Process target = Process.Start(new ProcessStartInfo("bash", ["-c", "read -t 20 go; exec 3<>/dev/tcp/127.0.0.1/1 2>/dev/null; exit 0"])
            { RedirectStandardInput = true, UseShellExecute = false })!;
        using var watch = TracefsSocketWatch.Start(new SocketWatchOptions { Pid = target.Id });
        var events = new ConcurrentQueue<SocketCallEvent>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task running = Task.Factory.StartNew(() => watch.Run(e =>
        {
            events.Enqueue(e);
            return events.Count < 2;
        }, stop.Token), TaskCreationOptions.LongRunning);
        target.StandardInput.WriteLine("go");
        Assert.True(target.WaitForExit(20_000));
        running.Wait();
        Assert.Equal(2, events.Count);
        SocketCallEvent[] calls = events.ToArray();
        Assert.Equal($"socket(family=AF_INET, type=SOCK_STREAM, protocol=IPPROTO_TCP) = 3", string.Join(' ', SocketCallDecoder.Line(calls[0]).Split(' ')[5..]));
        Assert.EndsWith("addr=?, addrlen=16) = -1 ECONNREFUSED (connection refused)", SocketCallDecoder.Line(calls[1]));
        Assert.All(calls, c => Assert.Equal(target.Id, c.Pid));
        Assert.All(calls, c => Assert.Null(c.Uid));
    }

    private static bool IsMarker(SocketCallEvent e) =>
        e.Syscall == WatchedSyscall.Socket && e.Arguments[0] == MarkerFamily && e.Arguments[1] == MarkerType;
}
