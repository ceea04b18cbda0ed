using SockScope.Net;
using SockScope.Net.Attribution;
using SockScope.Net.Capture;

namespace SockScope.Cli.Commands;

/// <summary>
/// The process side of `capture`: --process, --pid, --comm, --uid and `-- COMMAND ARGS...`.
/// Starts attribution (eBPF, or the polling fallback with its limits said once on stderr) and,
/// for a command, its cgroup; the capture loop asks it for each frame's process.
/// </summary>
internal sealed class CaptureProcessOptions
{
    public bool Annotate;
    public readonly List<int> Pids = [];
    public readonly List<uint> Uids = [];
    public string? Command;
    public string[]? Run;

    public const string HelpText = """
        process options (Linux; root, or CAP_BPF + CAP_PERFMON + CAP_NET_RAW + CAP_SYS_PTRACE):
          --process      name the process that sent or receives each packet: ", PID/comm" at the
                         end of a line, ptcpdump's "Process (pid N, cmd PATH, args ...)" lines with
                         -v, a "process" object with --json, and ptcpdump's packet comments
                         (PID/Cmd/Args, thread, user, parent) in a pcapng file (-w FILE.pcapng;
                         plain pcap has no place for them and loses them, said once)
          --pid N        keep only the packets of process N (repeatable); implies --process
          --comm NAME    keep only the packets of processes named NAME (comm, 15 bytes)
          --uid N        keep only the packets of processes of user N (repeatable)
          -- COMMAND [ARGS...]
                         run COMMAND (as the invoking user under sudo, or -Z USER) in a cgroup of
                         its own and keep only its packets and its children's; the capture ends
                         with the command and exits with its exit code
                         Sockets are learned from eBPF tracepoints on bind/connect/sendto/sendmsg
                         and a sock_diag + /proc snapshot at start (connections opened before the
                         capture count). The filters run in user space, before anything is decoded
                         or written: at the packet tap an incoming packet has no socket yet, so
                         the kernel's packet filter cannot know its process.

        """;

    public bool Enabled => Annotate || Pids.Count > 0 || Uids.Count > 0 || Command is not null || Run is not null;

    /// <summary>Takes one process option; false when <paramref name="option"/> is not one.</summary>
    public bool TryApply(string option, ArgReader reader)
    {
        switch (option)
        {
            case "process": Annotate = true; return true;
            case "pid": Pids.Add(reader.IntValue(1)); return true;
            case "uid": Uids.Add((uint)reader.IntValue(0)); return true;
            case "comm": Command = reader.Value(); return true;
            default: return false;
        }
    }

    /// <summary>Splits `-- COMMAND ARGS...` off the arguments; what precedes "--" is returned for the option reader.</summary>
    public string[] TakeCommand(string[] args)
    {
        int separator = Array.IndexOf(args, "--");
        if (separator < 0) return args;
        if (separator == args.Length - 1) throw new UsageException("`--` must be followed by a command to run");
        Run = args[(separator + 1)..];
        return args[..separator];
    }

    /// <summary>Starts process attribution (eBPF, or the socket-table fallback with its notice on stderr); a failure is a one-line command error.</summary>
    internal static ProcessAttribution StartAttribution()
    {
        ProcessAttribution attribution;
        try
        {
            attribution = ProcessAttribution.Start();
        }
        catch (NetOperationException e)
        {
            throw new CommandException(e.Message);
        }
        if (attribution.FallbackNotice is { } notice) Console.Error.WriteLine("sockscope: " + notice);
        return attribution;
    }

    /// <summary>Starts attribution (and the command). Disposing the result ends both.</summary>
    public ProcessCapture Start(string? user, bool writesPcapNg, bool writesFile)
    {
        ProcessAttribution attribution = StartAttribution();
        if (writesFile && !writesPcapNg)
            Console.Error.WriteLine("sockscope: writing pcap: the process of each packet is lost (write a .pcapng file to keep it)");
        CommandCgroup? command = null;
        ProcessFilter filter = new() { Pids = Pids, Uids = Uids, Command = Command };
        if (Run is not null)
        {
            try
            {
                command = CommandCgroup.Start(Run, RunAs(user));
            }
            catch (NetOperationException e)
            {
                attribution.Dispose();
                throw new CommandException(e.Message);
            }
            filter = filter with { CgroupId = command.CgroupId };
        }
        return new ProcessCapture(attribution, filter, command) { WritesComments = writesPcapNg };
    }

    /// <summary>-Z USER, else the user who ran sudo, else nobody else (the command runs as we do).</summary>
    private static (uint, uint)? RunAs(string? user)
    {
        user ??= Environment.GetEnvironmentVariable("SUDO_USER");
        if (string.IsNullOrEmpty(user)) return null;
        PrivilegeDrop.Account? account = PrivilegeDrop.Lookup(user, File.ReadAllText("/etc/passwd"), File.Exists("/etc/group") ? File.ReadAllText("/etc/group") : "");
        if (account is null) throw new CommandException($"-Z: no such user '{user}'");
        if (account.Value.UserId == 0) return null;
        return (account.Value.UserId, account.Value.GroupId);
    }
}

/// <summary>A running attribution, its packet filter and the command whose traffic is captured, if any.</summary>
internal sealed class ProcessCapture(ProcessAttribution attribution, ProcessFilter filter, CommandCgroup? command) : IDisposable
{
    public ProcessAttribution Attribution { get; } = attribution;
    public ProcessFilter Filter { get; } = filter;
    public CommandCgroup? Command { get; } = command;
    /// <summary>The file is pcapng, which keeps each packet's process as comments (pcap has no place for them).</summary>
    public bool WritesComments { get; init; }

    /// <summary>No filter: every packet is kept, whichever process it has (decided once, not per packet).</summary>
    public bool KeepsAll { get; } = filter.IsEmpty;

    public void Dispose()
    {
        Command?.Dispose();
        Attribution.Dispose();
    }
}
