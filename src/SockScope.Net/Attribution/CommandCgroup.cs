using System.Diagnostics;
using SockScope.Net.Interop;

namespace SockScope.Net.Attribution;

/// <summary>
/// Runs a command in a cgroup v2 of its own, so that its traffic and its children's can be told
/// from everyone else's by the kernel's cgroup id: a shell puts itself into the new cgroup, then
/// execs the command (through setpriv when it must run as another user). The cgroup is removed
/// once the command has ended.
/// </summary>
public sealed class CommandCgroup : IDisposable
{
    private readonly string _directory;
    private readonly Process _process;
    private readonly string? _ownMount;

    private CommandCgroup(string directory, ulong id, Process process, string? ownMount)
    {
        _directory = directory;
        _ownMount = ownMount;
        CgroupId = id;
        _process = process;
    }

    /// <summary>The cgroup's id (its directory's inode), what bpf_get_current_cgroup_id returns inside it.</summary>
    public ulong CgroupId { get; }

    /// <summary>The shell's pid, which becomes the command's own pid at exec.</summary>
    public int Pid => _process.Id;

    /// <summary>True once the command has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The command's exit code (128 + signal when a signal ended it, as shells report).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The cgroup v2 mount point, from /proc/self/mountinfo (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems).</summary>
    public static string? FindCgroup2Mount()
    {
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            int dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0 || !line.AsSpan(dash + 3).StartsWith("cgroup2 ")) continue;
            string[] fields = line[..dash].Split(' ');
            if (fields.Length > 4) return fields[4];
        }
        return null;
    }

    /// <summary>
    /// Creates the cgroup and starts <paramref name="command"/> in it, as the uid and gid in
    /// <paramref name="user"/> when given (the caller resolves a user name to them).
    /// </summary>
    public static CommandCgroup Start(IReadOnlyList<string> command, (uint Uid, uint Gid)? user = null)
    {
        if (command.Count == 0) throw new ArgumentException("no command to run", nameof(command));
        string? ownMount = null;
        string? mount = FindCgroup2Mount();
        if (mount is null)
        {
            // `ip netns exec` gives us a mount namespace of our own without cgroup2: mount the hierarchy privately.
            ownMount = Path.Combine(Path.GetTempPath(), $"sockscope-cgroup2-{Environment.ProcessId}");
            Directory.CreateDirectory(ownMount);
            Errno errno = MountNative.Mount("cgroup2", ownMount, "cgroup2", 0);
            if (errno != Errno.None)
            {
                Directory.Delete(ownMount);
                throw errno is Errno.EPERM or Errno.EACCES
                    ? new MissingPrivilegeException("mounting cgroup2 to run a command", errno, "CAP_SYS_ADMIN (or root)", "run as root")
                    : new NetOperationException("running a command needs cgroup v2: mount cgroup2", errno);
            }
            mount = ownMount;
        }
        string directory = Path.Combine(mount, $"sockscope-{Environment.ProcessId}-{Environment.TickCount64}");
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (UnauthorizedAccessException)
        {
            Unmount(ownMount);
            throw new MissingPrivilegeException($"creating a cgroup under {mount}", Errno.EACCES, "root (or a delegated cgroup)", "run as root");
        }
        ulong id = InodeOf(directory);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        // $$ is the shell, whose pid the command inherits through exec.
        start.ArgumentList.Add(user is { } u
            ? $"echo $$ > '{directory}/cgroup.procs' && exec setpriv --reuid={u.Uid} --regid={u.Gid} --init-groups -- \"$@\""
            : $"echo $$ > '{directory}/cgroup.procs' && exec \"$@\"");
        start.ArgumentList.Add("sh");
        foreach (string word in command) start.ArgumentList.Add(word);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new NetOperationException("run command", Errno.ENOENT, $"cannot start {command[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            TryRemove(directory);
            Unmount(ownMount);
            throw new NetOperationException("run command", Errno.ENOENT, $"cannot start {command[0]}: {e.Message}");
        }
        return new CommandCgroup(directory, id, process, ownMount);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the command to end.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    private static ulong InodeOf(string path)
    {
        Errno errno = FileStatusNative.Inode(path, out ulong inode);
        if (errno != Errno.None) throw new NetOperationException("stat " + path, errno);
        return inode;
    }

    private static void TryRemove(string directory)
    {
        // A cgroup directory goes with rmdir once no process is left in it; its files cannot be deleted one by one.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                Directory.Delete(directory);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(25);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    /// <summary>Ends the command if it still runs (SIGKILL to its cgroup) and removes the cgroup.</summary>
    public void Dispose()
    {
        // Whatever the command left running in its cgroup ends with it.
        try { File.WriteAllText(Path.Combine(_directory, "cgroup.kill"), "1"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(2000);
        _process.Dispose();
        TryRemove(_directory);
        Unmount(_ownMount);
    }

    private static void Unmount(string? mount)
    {
        if (mount is null) return;
        UnmountNative.Unmount(mount, UnmountNative.MNT_DETACH);
        try { Directory.Delete(mount); } catch (IOException) { }
    }
}
