using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>mount(2), to mount tracefs at /sys/kernel/tracing when it is not mounted.</summary>
internal static partial class MountNative
{
    [LibraryImport(LibC.Name, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountCall(string source, string target, string fileSystemType, ulong flags, nint data);

    /// <summary>mount(2) without data.</summary>
    public static Errno Mount(string source, string target, string fileSystemType, ulong flags) =>
        MountCall(source, target, fileSystemType, flags, 0) == 0 ? Errno.None : LibC.LastErrno();
}
