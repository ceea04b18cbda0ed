using System.Text;
using System.Text.RegularExpressions;

namespace SockScope.Net.Attribution;

/// <summary>
/// Completes what the kernel said about a process (pid, tid, comm, uid/gid, cgroup id) with what
/// /proc shows: executable, command line, parent, cgroup path and container id. Each process is
/// read once (a cache by pid); this runs per socket event, never per packet.
/// </summary>
public sealed partial class ProcessResolver(string procRoot = "/proc")
{
    private readonly Dictionary<int, ProcessInfo> _byPid = [];

    /// <summary>Processes read so far.</summary>
    public int Count => _byPid.Count;

    /// <summary>The process <paramref name="pid"/> (from the cache, else /proc), with the kernel's fields where given.</summary>
    public ProcessInfo Resolve(int pid, int tid = 0, string? command = null, uint? uid = null, uint? gid = null, ulong cgroupId = 0)
    {
        // A known pid whose name or cgroup changed (exec, a move into a command's cgroup, a reused pid) is read again.
        if (_byPid.TryGetValue(pid, out ProcessInfo? known) && (command is null || known.Command == command) && (cgroupId == 0 || known.CgroupId == cgroupId))
            return tid == 0 || tid == known.Tid ? known : known.WithThread(tid, ThreadName(pid, tid) ?? known.ThreadName);
        ProcessInfo info = Read(pid, tid, command, uid, gid, cgroupId);
        if (_byPid.Count > 16384) _byPid.Clear();
        _byPid[pid] = info;
        return info;
    }

    /// <summary>Forgets a process (its pid may be reused).</summary>
    public void Forget(int pid) => _byPid.Remove(pid);

    private ProcessInfo Read(int pid, int tid, string? command, uint? uid, uint? gid, ulong cgroupId)
    {
        string dir = $"{procRoot}/{pid}";
        string comm = command ?? ReadText(dir + "/comm")?.TrimEnd('\n') ?? "?";
        (int ppid, uint statusUid, uint statusGid) = ReadStatus(dir);
        string[] args = ReadCommandLine(dir);
        string exe = ReadLink(dir + "/exe") ?? (args.Length > 0 ? args[0] : comm);
        string cgroup = ReadCgroup(dir);
        string parentExe = "";
        string[] parentArgs = [];
        if (ppid > 0)
        {
            string parentDir = $"{procRoot}/{ppid}";
            parentArgs = ReadCommandLine(parentDir);
            parentExe = ReadLink(parentDir + "/exe") ?? (parentArgs.Length > 0 ? parentArgs[0] : ReadText(parentDir + "/comm")?.TrimEnd('\n') ?? "");
        }
        return new ProcessInfo
        {
            Pid = pid,
            Tid = tid,
            Command = comm,
            ThreadName = tid > 0 ? ThreadName(pid, tid) ?? comm : comm,
            Executable = exe,
            Arguments = args.Length > 0 ? args : [comm],
            Uid = uid ?? statusUid,
            Gid = gid ?? statusGid,
            ParentPid = ppid,
            ParentExecutable = parentExe,
            ParentArguments = parentArgs,
            CgroupPath = cgroup,
            ContainerId = ContainerIdOf(cgroup),
            CgroupId = cgroupId,
            NetworkNamespace = NamespaceInode(ReadLink(dir + "/ns/net")),
        };
    }

    /// <summary>The inode in a namespace link's target ("net:[4026531840]"); 0 for anything else.</summary>
    internal static ulong NamespaceInode(string? linkTarget)
    {
        if (linkTarget is null) return 0;
        int open = linkTarget.IndexOf('['), close = linkTarget.LastIndexOf(']');
        return open >= 0 && close > open + 1
            && ulong.TryParse(linkTarget.AsSpan(open + 1, close - open - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong inode)
            ? inode : 0;
    }

    /// <summary>The network namespace this process is in (the one a capture it opens sees); 0 when /proc cannot tell.</summary>
    internal static ulong OwnNetworkNamespace() => NamespaceInode(ReadLink("/proc/self/ns/net"));

    private string? ThreadName(int pid, int tid) => ReadText($"{procRoot}/{pid}/task/{tid}/comm")?.TrimEnd('\n');

    /// <summary>The 64-hex-digit id docker, containerd, cri-o and podman put in a container's cgroup path; empty when there is none.</summary>
    public static string ContainerIdOf(string cgroupPath)
    {
        Match m = ContainerIdPattern().Match(cgroupPath);
        return m.Success ? m.Groups[1].Value : "";
    }

    [GeneratedRegex("(?:^|[/-])([0-9a-f]{64})(?:\\.scope)?(?:/|$)")]
    private static partial Regex ContainerIdPattern();

    private static (int Ppid, uint Uid, uint Gid) ReadStatus(string dir)
    {
        string? status = ReadText(dir + "/status");
        if (status is null) return (0, 0, 0);
        int ppid = 0;
        uint uid = 0, gid = 0;
        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith("PPid:", StringComparison.Ordinal)) int.TryParse(line.AsSpan(5).Trim(), out ppid);
            else if (line.StartsWith("Uid:", StringComparison.Ordinal)) uint.TryParse(FirstField(line.AsSpan(4)), out uid);
            else if (line.StartsWith("Gid:", StringComparison.Ordinal)) uint.TryParse(FirstField(line.AsSpan(4)), out gid);
        }
        return (ppid, uid, gid);
    }

    private static ReadOnlySpan<char> FirstField(ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        int end = text.IndexOfAny(' ', '\t');
        return end < 0 ? text : text[..end];
    }

    private static string[] ReadCommandLine(string dir)
    {
        byte[]? bytes = ReadBytes(dir + "/cmdline");
        if (bytes is null || bytes.Length == 0) return [];
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Split('\0');
    }

    /// <summary>The cgroup v2 line ("0::/path") of /proc/PID/cgroup.</summary>
    private static string ReadCgroup(string dir)
    {
        string? text = ReadText(dir + "/cgroup");
        if (text is null) return "";
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("0::", StringComparison.Ordinal)) return line[3..];
        }
        return "";
    }

    private static string? ReadLink(string path)
    {
        try
        {
            string? target = new FileInfo(path).LinkTarget;
            return target is null ? null : target.EndsWith(" (deleted)", StringComparison.Ordinal) ? target[..^10] : target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadText(string path)
    {
        byte[]? bytes = ReadBytes(path);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    private static byte[]? ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
