using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>setgroups, setgid, setuid: giving up root after the capture socket is open (-Z USER).</summary>
internal static unsafe partial class Credentials
{
    [LibraryImport(LibC.Name, EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetGroupsCall(nuint count, uint* groups);

    [LibraryImport(LibC.Name, EntryPoint = "setgid", SetLastError = true)]
    private static partial int SetGidCall(uint gid);

    [LibraryImport(LibC.Name, EntryPoint = "setuid", SetLastError = true)]
    private static partial int SetUidCall(uint uid);

    /// <summary>setgroups(2).</summary>
    internal static Errno SetGroups(ReadOnlySpan<uint> groups)
    {
        fixed (uint* g = groups)
            return SetGroupsCall((nuint)groups.Length, g) == 0 ? Errno.None : LibC.LastErrno();
    }

    /// <summary>setgid(2).</summary>
    internal static Errno SetGid(uint gid) => SetGidCall(gid) == 0 ? Errno.None : LibC.LastErrno();

    /// <summary>setuid(2).</summary>
    internal static Errno SetUid(uint uid) => SetUidCall(uid) == 0 ? Errno.None : LibC.LastErrno();

    /// <summary>getuid(2), which cannot fail.</summary>
    [LibraryImport(LibC.Name, EntryPoint = "getuid")]
    internal static partial uint GetUid();

    /// <summary>geteuid(2), which cannot fail.</summary>
    [LibraryImport(LibC.Name, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUid();

    /// <summary>getgid(2), which cannot fail.</summary>
    [LibraryImport(LibC.Name, EntryPoint = "getgid")]
    internal static partial uint GetGid();
}
