using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>mmap(2) and munmap(2), for the packet socket's receive ring.</summary>
internal static unsafe partial class MemoryMap
{
    internal const int PROT_READ = 1;
    internal const int PROT_WRITE = 2;
    internal const int MAP_SHARED = 1;
    internal const int MAP_LOCKED = 0x2000;
    internal static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* Map(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Unmap(void* address, nuint length);
}
