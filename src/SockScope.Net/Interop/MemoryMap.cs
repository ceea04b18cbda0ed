using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>mmap(2) and munmap(2), for the packet socket's receive ring and the BPF ring buffer.</summary>
internal static unsafe partial class MemoryMap
{
    internal const int PROT_READ = 1;
    internal const int PROT_WRITE = 2;
    internal const int MAP_SHARED = 1;
    internal const int MAP_LOCKED = 0x2000;
    private static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(LibC.Name, EntryPoint = "mmap", SetLastError = true)]
    private static partial void* MapCall(void* address, nuint length, int protection, int flags, FileDescriptorHandle fd, nint offset);

    [LibraryImport(LibC.Name, EntryPoint = "munmap", SetLastError = true)]
    private static partial int UnmapCall(void* address, nuint length);

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> shared; null in <paramref name="memory"/> and the errno on failure.</summary>
    internal static Errno MapShared(FileDescriptorHandle fd, nuint length, int protection, nint offset, out void* memory)
    {
        void* result = MapCall(null, length, protection, MAP_SHARED, fd, offset);
        if (result == MAP_FAILED)
        {
            memory = null;
            return LibC.LastErrno();
        }
        memory = result;
        return Errno.None;
    }

    /// <summary>munmap(2); it fails only for a range that was never mapped, which is a bug here, so the result is not reported.</summary>
    internal static void Unmap(void* address, nuint length) => UnmapCall(address, length);
}
