using System.Text;

namespace SockScope.Net.Attribution;

/// <summary>
/// The process behind a socket, as far as it could be learned: the kernel's own words at the
/// moment of the socket call (pid, tid, command name, uid/gid, cgroup id) and what /proc still
/// showed afterwards (executable, command line, parent, cgroup path). A process that ended before
/// /proc was read keeps the kernel's fields and its command name stands in for the executable.
/// </summary>
public sealed class ProcessInfo
{
    private byte[]? _shortText;
    private byte[]? _verboseText;
    private byte[]? _json;
    private SockScope.Files.PacketComments? _comments;

    /// <summary>Thread group id.</summary>
    public required int Pid { get; init; }
    /// <summary>The thread that made the socket call (0 when unknown, e.g. from a /proc snapshot).</summary>
    public int Tid { get; init; }
    /// <summary>The command name (comm, at most 15 bytes).</summary>
    public required string Command { get; init; }
    /// <summary>The calling thread's name.</summary>
    public string ThreadName { get; init; } = "";
    /// <summary>The executable's path (/proc/PID/exe), or the command name when it could not be read.</summary>
    public required string Executable { get; init; }
    /// <summary>argv, as /proc/PID/cmdline holds it.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
    /// <summary>The real user id: the kernel's at the socket call when known, else the Uid line of /proc/PID/status.</summary>
    public uint Uid { get; init; }
    /// <summary>The real group id: the kernel's at the socket call when known, else the Gid line of /proc/PID/status.</summary>
    public uint Gid { get; init; }
    /// <summary>The parent's pid (0 when unknown).</summary>
    public int ParentPid { get; init; }
    /// <summary>The parent's executable path (/proc/PPID/exe, else its argv[0] or command name); empty when there is no parent or it could not be read.</summary>
    public string ParentExecutable { get; init; } = "";
    /// <summary>The parent's argv from /proc/PPID/cmdline; empty when unknown.</summary>
    public IReadOnlyList<string> ParentArguments { get; init; } = [];
    /// <summary>The cgroup v2 path ("/user.slice/..."), empty when unknown.</summary>
    public string CgroupPath { get; init; } = "";
    /// <summary>The container id the cgroup path names (docker, containerd, cri-o, podman), or empty.</summary>
    public string ContainerId { get; init; } = "";
    /// <summary>The cgroup v2 id the kernel reported (the inode of the cgroup directory); 0 when unknown.</summary>
    public ulong CgroupId { get; init; }
    /// <summary>The inode of the process's network namespace (/proc/PID/ns/net, "net:[N]"); 0 when it could not be read (the process had ended).</summary>
    public ulong NetworkNamespace { get; init; }

    /// <summary>argv joined with spaces, as ptcpdump prints "args".</summary>
    public string ArgumentText => string.Join(' ', Arguments);

    /// <summary>The parent's argv joined with spaces.</summary>
    public string ParentArgumentText => string.Join(' ', ParentArguments);

    /// <summary>"PID/comm" in UTF-8, made once per process so printing it costs no allocation.</summary>
    public ReadOnlySpan<byte> ShortText => _shortText ??= Encoding.UTF8.GetBytes($"{Pid}/{Command}");

    /// <summary>ptcpdump's verbose lines in UTF-8 (see <see cref="PtcpdumpFormat.VerboseLines"/>), made once.</summary>
    public ReadOnlySpan<byte> VerboseText => _verboseText ??= Encoding.UTF8.GetBytes(PtcpdumpFormat.VerboseLines(this));

    /// <summary>The JSON object for --json, in UTF-8, made once.</summary>
    public ReadOnlySpan<byte> JsonText => _json ??= Encoding.UTF8.GetBytes(PtcpdumpFormat.Json(this));

    /// <summary>ptcpdump's pcapng packet comments for this process, encoded once.</summary>
    public SockScope.Files.PacketComments PcapNgComments => _comments ??= PtcpdumpFormat.Encode(this);

    /// <summary>A copy for another thread of the same process.</summary>
    public ProcessInfo WithThread(int tid, string threadName) => new()
    {
        Pid = Pid, Tid = tid, Command = Command, ThreadName = threadName, Executable = Executable, Arguments = Arguments,
        Uid = Uid, Gid = Gid, ParentPid = ParentPid, ParentExecutable = ParentExecutable, ParentArguments = ParentArguments,
        CgroupPath = CgroupPath, ContainerId = ContainerId, CgroupId = CgroupId, NetworkNamespace = NetworkNamespace,
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Pid}/{Command}";
}
