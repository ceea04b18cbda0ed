using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>setgroups, setgid, setuid: giving up root after the capture socket is open (-Z USER).</summary>
internal static unsafe partial class Credentials
{
    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "setgroups", SetLastError = true)]
    internal static partial int SetGroups(nuint count, uint* groups);

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "setgid", SetLastError = true)]
    internal static partial int SetGid(uint gid);

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "setuid", SetLastError = true)]
    internal static partial int SetUid(uint uid);

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "getuid")]
    internal static partial uint GetUid();

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUid();

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "getgid")]
    internal static partial uint GetGid();
}
