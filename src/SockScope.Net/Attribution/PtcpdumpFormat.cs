using System.Globalization;
using System.Text;
using System.Text.Json;
using SockScope.Files;

namespace SockScope.Net.Attribution;

/// <summary>
/// The process as ptcpdump writes it, so that its users' Wireshark dissectors and scripts keep
/// working: one pcapng comment per block ("PID: %d\nCmd: %s\nArgs: %s", then the thread, user,
/// parent and container blocks, each present only when known, as ptcpdump omits them), the
/// verbose text lines ("Process (pid N, cmd PATH, args ...)", "ParentProc (...)"), and back
/// from comments to a <see cref="ProcessInfo"/> when a file is read.
/// </summary>
public static class PtcpdumpFormat
{
    /// <summary>The comments of one packet, in ptcpdump's order.</summary>
    public static IReadOnlyList<string> Comments(ProcessInfo p)
    {
        var comments = new List<string>(5)
        {
            string.Create(CultureInfo.InvariantCulture, $"PID: {p.Pid}\nCmd: {p.Executable}\nArgs: {p.ArgumentText}"),
        };
        if (p.Tid > 0) comments.Add(string.Create(CultureInfo.InvariantCulture, $"ThreadId: {p.Tid}\nThreadName: {p.ThreadName}"));
        // ptcpdump leaves the user block out for uid 0.
        if (p.Uid > 0) comments.Add(string.Create(CultureInfo.InvariantCulture, $"UserId: {p.Uid}\nGroupId: {p.Gid}"));
        if (p.ParentPid > 0)
            comments.Add(string.Create(CultureInfo.InvariantCulture, $"ParentPID: {p.ParentPid}\nParentCmd: {p.ParentExecutable}\nParentArgs: {p.ParentArgumentText}"));
        // The container block has ptcpdump's four fields; name, image and labels need a runtime's API and stay empty.
        if (p.ContainerId.Length > 0) comments.Add($"ContainerName: \nContainerId: {p.ContainerId}\nContainerImage: \nContainerLabels: ");
        // SockScope's own addition (ptcpdump has no cgroup block): a comment of its own, so theirs stay untouched.
        if (p.CgroupPath.Length > 1) comments.Add($"Cgroup: {p.CgroupPath}");
        return comments;
    }

    /// <summary>ptcpdump's verbose lines: "Process (pid N, cmd PATH, args ARGS)" and, with a parent, "ParentProc (...)".</summary>
    public static string VerboseLines(ProcessInfo p)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"Process (pid {p.Pid}, cmd {p.Executable}, args {p.ArgumentText})");
        if (p.ParentPid > 0)
            line += string.Create(CultureInfo.InvariantCulture, $"\n    ParentProc (pid {p.ParentPid}, cmd {p.ParentExecutable}, args {p.ParentArgumentText})");
        return line;
    }

    /// <summary>The JSON object of --json's "process" field.</summary>
    public static string Json(ProcessInfo p)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("pid", p.Pid);
            if (p.Tid > 0) w.WriteNumber("tid", p.Tid);
            w.WriteString("comm", p.Command);
            if (p.ThreadName.Length > 0) w.WriteString("thread_name", p.ThreadName);
            w.WriteString("cmd", p.Executable);
            w.WriteStartArray("args");
            foreach (string a in p.Arguments) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteNumber("uid", p.Uid);
            w.WriteNumber("gid", p.Gid);
            if (p.ParentPid > 0)
            {
                w.WriteStartObject("parent");
                w.WriteNumber("pid", p.ParentPid);
                w.WriteString("cmd", p.ParentExecutable);
                w.WriteStartArray("args");
                foreach (string a in p.ParentArguments) w.WriteStringValue(a);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (p.CgroupPath.Length > 0) w.WriteString("cgroup", p.CgroupPath);
            if (p.ContainerId.Length > 0) w.WriteString("container_id", p.ContainerId);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The process described by a packet's comments (ptcpdump's or ours), or null when none names a PID.</summary>
    public static ProcessInfo? Parse(IReadOnlyList<string> comments)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string comment in comments)
        {
            foreach (string line in comment.Split('\n'))
            {
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0) fields.TryAdd(line[..colon], line[(colon + 2)..]);
                else if (line.EndsWith(':')) fields.TryAdd(line[..^1], "");
            }
        }
        if (!fields.TryGetValue("PID", out string? pidText) || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return null;
        string cmd = fields.GetValueOrDefault("Cmd", "");
        return new ProcessInfo
        {
            Pid = pid,
            Tid = Int("ThreadId"),
            Command = CommandOf(cmd, fields.GetValueOrDefault("Args", "")),
            ThreadName = fields.GetValueOrDefault("ThreadName", ""),
            Executable = cmd,
            Arguments = SplitArgs(fields.GetValueOrDefault("Args", "")),
            Uid = (uint)Int("UserId"),
            Gid = (uint)Int("GroupId"),
            ParentPid = Int("ParentPID"),
            ParentExecutable = fields.GetValueOrDefault("ParentCmd", ""),
            ParentArguments = SplitArgs(fields.GetValueOrDefault("ParentArgs", "")),
            ContainerId = fields.GetValueOrDefault("ContainerId", ""),
            CgroupPath = fields.GetValueOrDefault("Cgroup", ""),
        };

        int Int(string key) => fields.TryGetValue(key, out string? v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
    }

    /// <summary>ptcpdump's short name: the executable's base name (argv[0]'s for /dev/fd/N scripts).</summary>
    private static string CommandOf(string cmd, string args)
    {
        if (cmd.StartsWith("/dev/fd/", StringComparison.Ordinal) && args.Length > 0) cmd = args.Split(' ')[0];
        string name = Path.GetFileName(cmd);
        return name.Length > 15 ? name[..15] : name;
    }

    private static string[] SplitArgs(string args) => args.Length == 0 ? [] : args.Split(' ');

    /// <summary>The encoded comments of a process, for <see cref="CaptureFileWriter"/>.</summary>
    internal static PacketComments Encode(ProcessInfo p) => new(Comments(p));
}
