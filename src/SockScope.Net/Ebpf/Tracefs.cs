using SockScope.Net.Interop;

namespace SockScope.Net.Ebpf;

/// <summary>Finds tracefs, mounting it at /sys/kernel/tracing when nothing has.</summary>
public static class Tracefs
{
    /// <summary>Where tracefs is mounted on current systems, and where it is mounted when it is missing (the older path is /sys/kernel/debug/tracing).</summary>
    public const string DefaultMountPoint = "/sys/kernel/tracing";

    /// <summary>The tracefs directory (one with events/), mounting it if needed.</summary>
    public static string Locate()
    {
        foreach (string candidate in new[] { DefaultMountPoint, "/sys/kernel/debug/tracing" })
            if (Directory.Exists(Path.Combine(candidate, "events"))) return candidate;
        if (!Directory.Exists(DefaultMountPoint))
            throw new NetOperationException("tracefs", Errno.ENOENT, $"{DefaultMountPoint} does not exist: this kernel has no tracefs");
        Errno errno = MountNative.Mount("tracefs", DefaultMountPoint, "tracefs", 0);
        if (errno != Errno.None)
        {
            if (errno is Errno.EPERM or Errno.EACCES)
                throw new MissingPrivilegeException("mounting tracefs", errno, "CAP_SYS_ADMIN (or root)", $"run as root, or mount it once: `sudo mount -t tracefs tracefs {DefaultMountPoint}`");
            throw new NetOperationException("mount tracefs", errno);
        }
        if (!Directory.Exists(Path.Combine(DefaultMountPoint, "events")))
            throw new NetOperationException("tracefs", Errno.ENOENT, $"tracefs mounted at {DefaultMountPoint} has no events/ directory");
        return DefaultMountPoint;
    }
}
