using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>stat(2), for the inode number of a cgroup directory (the cgroup's id as BPF helpers report it).</summary>
internal static unsafe partial class FileStatusNative
{
    /// <summary>Room for struct stat on x86-64 (144 bytes) and arm64 (128 bytes).</summary>
    private const int StatBufferSize = 256;

    /// <summary>st_ino follows the 8-byte st_dev on both x86-64 and arm64.</summary>
    private const int InodeOffset = 8;

    [LibraryImport(LibC.Name, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatCall(string path, byte* buffer);

    /// <summary>The inode number of <paramref name="path"/>, or the errno of a failed stat(2).</summary>
    public static Errno Inode(string path, out ulong inode)
    {
        byte* buffer = stackalloc byte[StatBufferSize];
        if (StatCall(path, buffer) != 0)
        {
            inode = 0;
            return LibC.LastErrno();
        }
        inode = *(ulong*)(buffer + InodeOffset);
        return Errno.None;
    }
}

/// <summary>umount2(2), to take down the cgroup2 mount SockScope made for a command (MNT_DETACH).</summary>
internal static partial class UnmountNative
{
    /// <summary>Detach the mount now and clean it up once it is no longer busy.</summary>
    public const int MNT_DETACH = 2;

    [LibraryImport(LibC.Name, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnmountCall(string target, int flags);

    /// <summary>umount2(2); the errno on failure.</summary>
    public static Errno Unmount(string target, int flags) => UnmountCall(target, flags) == 0 ? Errno.None : LibC.LastErrno();
}
