using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>mount(2), to mount tracefs at /sys/kernel/tracing when it is not mounted.</summary>
internal static partial class MountNative
{
    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fileSystemType, ulong flags, nint data);
}
