using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using SockScope.Net.Ebpf;
using SockScope.Net.Interop;

namespace SockScope.Net.Observability;

/// <summary>
/// The fallback where eBPF is not permitted: the kernel's own syscall events, enabled in a
/// private tracefs instance and read from its trace_pipe. It sees arguments and return values
/// but not the bytes behind pointers (no sockaddr) nor the uid; pid and command are filtered
/// by the kernel through set_event_pid and event filters.
/// </summary>
public sealed partial class TracefsSocketWatch : ISocketWatch
{
    private readonly string _instance;
    private readonly List<string> _enabled = [];
    private readonly SocketWatchOptions _options;
    private readonly Dictionary<int, int> _processOfThread = [];
    private SafeFileHandle? _pipe;
    private long _records;
    private readonly MonotonicClock _clock = new();

    private TracefsSocketWatch(string instance, SocketWatchOptions options)
    {
        _instance = instance;
        _options = options;
    }

    /// <inheritdoc/>
    public string Mechanism => "tracefs event stream";
    /// <summary>Always 0: the tracefs stream does not report what its buffer overwrote.</summary>
    public ulong LostEvents => 0;
    /// <inheritdoc/>
    public long RecordsReceived => _records;

    /// <summary>Creates a private tracefs instance (instances/sockscope_PID), sets the pid and command filters, enables the sys_enter_/sys_exit_ events of the selected calls and opens its trace_pipe.</summary>
    /// <exception cref="MissingPrivilegeException">When tracefs is not writable (it is root-only).</exception>
    /// <exception cref="NetOperationException">When tracefs is missing or cannot be mounted.</exception>
    /// <exception cref="IOException">When an event cannot be enabled (e.g. a syscall tracepoint this kernel lacks).</exception>
    public static TracefsSocketWatch Start(SocketWatchOptions options)
    {
        string tracefs = Tracefs.Locate();
        string instance = Path.Combine(tracefs, "instances", $"sockscope_{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(instance);
        }
        catch (UnauthorizedAccessException)
        {
            throw new MissingPrivilegeException("watch (tracefs)", Errno.EACCES, "root (tracefs is root-only)", "run as root");
        }
        var watch = new TracefsSocketWatch(instance, options);
        try
        {
            Write(Path.Combine(instance, "trace_clock"), "mono");
            if (options.Pid is int pid)
            {
                // set_event_pid matches threads; list every thread of the process.
                string tasks = $"/proc/{pid}/task";
                IEnumerable<string> tids = Directory.Exists(tasks) ? Directory.EnumerateDirectories(tasks).Select(t => Path.GetFileName(t)) : [pid.ToString(CultureInfo.InvariantCulture)];
                Write(Path.Combine(instance, "set_event_pid"), string.Join(' ', tids));
            }
            foreach (WatchedSyscall syscall in options.SelectedSyscalls)
            {
                foreach (string phase in new[] { "sys_exit_", "sys_enter_" })
                {
                    string eventDirectory = Path.Combine(instance, "events", "syscalls", phase + WatchedSyscalls.Name(syscall));
                    if (options.Command is { } command) Write(Path.Combine(eventDirectory, "filter"), $"comm == \"{command}\"");
                    Write(Path.Combine(eventDirectory, "enable"), "1");
                    watch._enabled.Add(eventDirectory);
                }
            }
            Write(Path.Combine(instance, "tracing_on"), "1");
            watch._pipe = File.OpenHandle(Path.Combine(instance, "trace_pipe"), FileMode.Open, FileAccess.Read);
            return watch;
        }
        catch
        {
            watch.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public unsafe void Run(Func<SocketCallEvent, bool> onEvent, CancellationToken cancellation)
    {
        var pairing = new SocketCallPairing(_options);
        byte[] buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        Microsoft.Win32.SafeHandles.SafeFileHandle pipe = _pipe!;
        while (!cancellation.IsCancellationRequested && !pairing.Stopped)
        {
            if (Poll.WaitOne(pipe, Poll.POLLIN, 100, out _) <= 0) continue;
            int n = RandomAccess.Read(pipe, buffer, 0);
            if (n <= 0) continue;
            pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
            string text = pending.ToString();
            int lastNewline = text.LastIndexOf('\n');
            if (lastNewline < 0) continue;
            pending.Clear().Append(text, lastNewline + 1, text.Length - lastNewline - 1);
            foreach (string line in text[..lastNewline].Split('\n'))
                Handle(line, pairing, onEvent);
        }
        pairing.Flush(onEvent);
    }

    [GeneratedRegex(@"^\s*(?<comm>.*)-(?<tid>\d+)\s+\[\d+\]\s+\S+\s+(?<time>\d+\.\d+): sys_(?<name>\w+)(?:\((?<args>.*)\)| -> (?<ret>\S+))\s*$")]
    private static partial Regex EventLine();

    private void Handle(string line, SocketCallPairing pairing, Func<SocketCallEvent, bool> onEvent)
    {
        Match m = EventLine().Match(line);
        if (!m.Success || WatchedSyscalls.Parse(m.Groups["name"].Value) is not WatchedSyscall syscall) return;
        _records++;
        int tid = int.Parse(m.Groups["tid"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["ret"].Success)
        {
            pairing.Exit(tid, syscall, ParseValue(m.Groups["ret"].Value), [], onEvent);
            return;
        }
        long[] args = new long[WatchRecordOffsets.ArgumentCount];
        string[] parts = m.Groups["args"].Value.Split(", ");
        for (int i = 0; i < parts.Length && i < args.Length; i++)
        {
            int colon = parts[i].IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0) args[i] = ParseValue(parts[i][(colon + 2)..]);
        }
        double seconds = double.Parse(m.Groups["time"].Value, CultureInfo.InvariantCulture);
        pairing.Entry(new SocketCallEvent
        {
            Time = _clock.ToUtc((ulong)(seconds * 1e9)).ToLocalTime(),
            Pid = ProcessOf(tid),
            Tid = tid,
            Uid = null,
            Command = m.Groups["comm"].Value.TrimEnd(),
            Syscall = syscall,
            Arguments = args,
        }, onEvent);
    }

    /// <summary>tracefs prints small values in decimal and the rest as 0x-prefixed hex.</summary>
    internal static long ParseValue(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal)
            ? unchecked((long)ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : 0;

    private int ProcessOf(int tid)
    {
        if (_processOfThread.TryGetValue(tid, out int pid)) return pid;
        pid = tid;
        try
        {
            foreach (string line in File.ReadLines($"/proc/{tid}/status"))
                if (line.StartsWith("Tgid:", StringComparison.Ordinal)) pid = int.Parse(line.AsSpan(5).Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        _processOfThread[tid] = pid;
        return pid;
    }

    private static void Write(string path, string value) => File.WriteAllText(path, value);

    /// <summary>Disables the events and removes the tracefs instance.</summary>
    public void Dispose()
    {
        _pipe?.Dispose();
        foreach (string eventDirectory in _enabled)
        {
            try
            {
                Write(Path.Combine(eventDirectory, "enable"), "0");
            }
            catch (IOException)
            {
            }
        }
        try
        {
            Directory.Delete(_instance);
        }
        catch (IOException)
        {
        }
    }
}
