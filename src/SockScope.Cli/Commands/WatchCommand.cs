using System.Text.Json;
using SockScope.Cli.Observe;
using SockScope.Net;
using SockScope.Net.Ebpf;
using SockScope.Net.Observability;
using SockScope.Wire.Formatting;

namespace SockScope.Cli.Commands;

/// <summary>`sockscope watch`: socket() and the calls around it, as they happen, over eBPF.</summary>
internal sealed class WatchCommand : ICommand
{
    public string Name => "watch";
    public string Summary => "trace socket()/bind/connect/listen/accept calls as they happen (eBPF)";
    public string Help => """
        usage: sockscope watch [--pid PID] [--comm NAME] [--family F] [--type T] [--syscall LIST]
                               [-c COUNT] [--duration SECONDS] [--json] [--tracefs] [--probe]

        Traces socket(), bind(), connect(), listen(), accept(), accept4() and setsockopt() for
        SO_ATTACH_FILTER and PACKET_ADD_MEMBERSHIP, with eBPF programs on the syscall
        tracepoints. One line per call, arguments decoded (AF_PACKET, SOCK_RAW|SOCK_NONBLOCK,
        IPPROTO_ICMP, ETH_P_ALL, addresses and ports), then the return value or errno.
        Runs until Ctrl-C, COUNT events or SECONDS; reports lost events at the end.

          --pid PID          only this process (filtered in the kernel)
          --comm NAME        only processes with this command name (filtered in the kernel)
          --family F         only sockets of this family: inet, inet6, packet, unix, netlink, or a number
          --type T           only sockets of this type: stream, dgram, raw, seqpacket, or a number
          --syscall LIST     only these calls, comma-separated: socket,bind,connect,listen,accept,accept4,setsockopt
          -c COUNT           stop after COUNT events
          --duration S       stop after S seconds
          --json             one JSON object per line
          --tracefs          use the tracefs event stream even where eBPF works (no addresses, no uid)
          --probe            show which kernel features watch needs and whether they work, then exit

        Needs CAP_BPF and CAP_PERFMON (or root). Where eBPF is not permitted it falls back to the
        tracefs event stream and says so. tracefs is mounted at /sys/kernel/tracing if needed.

        """;

    public int Run(string[] args)
    {
        var reader = new ArgReader(args);
        int? pid = null, family = null, type = null;
        string? comm = null;
        HashSet<WatchedSyscall>? syscalls = null;
        long count = long.MaxValue;
        double? duration = null;
        bool json = false, tracefs = false, probe = false;
        while (reader.TryNext(out string option))
        {
            switch (option)
            {
                case "pid": pid = reader.IntValue(1); break;
                case "comm": comm = reader.Value(); break;
                case "family":
                {
                    string text = reader.Value();
                    family = SocketConstantNames.ParseFamily(text) ?? throw new UsageException($"unknown address family '{text}' (try inet, inet6, packet, unix)");
                    break;
                }
                case "type":
                {
                    string text = reader.Value();
                    type = SocketConstantNames.ParseType(text) ?? throw new UsageException($"unknown socket type '{text}' (try stream, dgram, raw)");
                    break;
                }
                case "syscall":
                    syscalls = [];
                    foreach (string name in reader.Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        syscalls.Add(WatchedSyscalls.Parse(name) ?? throw new UsageException($"unknown syscall '{name}' (socket, bind, connect, listen, accept, accept4, setsockopt)"));
                    break;
                case "c": count = reader.IntValue(1); break;
                case "duration": duration = reader.DoubleValue(0.001, 1e7); break;
                case "json": json = true; break;
                case "tracefs": tracefs = true; break;
                case "probe": probe = true; break;
                default: throw reader.Unknown();
            }
        }
        if (reader.Positionals.Count > 0) throw new UsageException($"unexpected argument '{reader.Positionals[0]}'");
        if (comm is { Length: > 15 }) throw new UsageException($"--comm: '{comm}' is longer than the kernel's 15-character command names");
        if (probe) return Probe();

        var options = new SocketWatchOptions { Pid = pid, Command = comm, Family = family, Type = type, Syscalls = syscalls, ForceTracefs = tracefs };
        ISocketWatch watch;
        try
        {
            watch = SocketWatcher.Start(options, out string? fallbackReason);
            if (fallbackReason is not null && !tracefs)
                Console.Error.WriteLine($"sockscope watch: eBPF is not permitted ({fallbackReason}); falling back to the {watch.Mechanism} (no addresses, no uid)");
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        using (watch)
        {
            using var cancel = new CancellationTokenSource();
            if (duration is double seconds) cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            Console.Error.WriteLine($"sockscope watch: tracing with the {watch.Mechanism}; Ctrl-C to stop");
            long delivered = 0;
            using Stream stdout = Console.OpenStandardOutput();
            using var text = new Utf8Builder();
            using var jsonWriter = new Utf8JsonWriter(stdout);
            var gate = new object();
            // Lines go out in chunks, and at least every 200 ms so a person sees them live.
            using var flusher = new Timer(_ =>
            {
                lock (gate) Flush(text, stdout);
            }, null, 200, 200);
            try
            {
                watch.Run(e =>
                {
                    lock (gate)
                    {
                        if (json)
                        {
                            jsonWriter.Reset(stdout);
                            Flush(text, stdout);
                            WatchJson.Write(jsonWriter, e);
                            jsonWriter.Flush();
                            stdout.WriteByte((byte)'\n');
                        }
                        else
                        {
                            text.Append(SocketCallDecoder.Line(e)).Append((byte)'\n');
                            if (text.Length > 32 * 1024) Flush(text, stdout);
                        }
                    }
                    return ++delivered < count;
                }, cancel.Token);
            }
            catch (NetOperationException e)
            {
                throw new CommandException(e.Message);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
                lock (gate) Flush(text, stdout);
            }
            Console.Error.WriteLine($"sockscope watch: {delivered} events, {watch.RecordsReceived} records from the kernel, {watch.LostEvents} lost (ring buffer full)");
        }
        return CommandRunner.Success;
    }

    private static void Flush(Utf8Builder text, Stream stdout)
    {
        if (text.Length == 0) return;
        stdout.Write(text.WrittenSpan);
        stdout.Flush();
        text.Clear();
    }

    private static int Probe()
    {
        bool all = true;
        foreach (BpfFeature f in BpfFeatures.Probe())
        {
            Console.Out.WriteLine($"{f.Name}: {(f.Supported ? "supported" : "not supported: " + f.Reason)}");
            all &= f.Supported;
        }
        return all ? CommandRunner.Success : CommandRunner.Failure;
    }
}
