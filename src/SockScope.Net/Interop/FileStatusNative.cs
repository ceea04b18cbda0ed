using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>stat(2), for the inode number of a cgroup directory (the cgroup's id as BPF helpers report it).</summary>
internal static unsafe partial class FileStatusNative
{
    /// <summary>Room for struct stat on x86-64 (144 bytes) and arm64 (128 bytes).</summary>
    public const int StatBufferSize = 256;

    /// <summary>st_ino follows the 8-byte st_dev on both x86-64 and arm64.</summary>
    public const int InodeOffset = 8;

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Stat(string path, byte* buffer);
}

/// <summary>umount2(2), to take down the cgroup2 mount SockScope made for a command (MNT_DETACH).</summary>
internal static partial class UnmountNative
{
    public const int MNT_DETACH = 2;

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unmount(string target, int flags);
}
