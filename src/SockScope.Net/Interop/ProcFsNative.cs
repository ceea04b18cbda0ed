using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>readlink(2) on /proc/PID/fd/N without allocating a FileSystemInfo per descriptor.</summary>
internal static unsafe partial class ProcFsNative
{
    [LibraryImport(LibC.Name, EntryPoint = "readlink", SetLastError = true)]
    public static partial nint ReadLink(byte* path, byte* buffer, nint size);
}
