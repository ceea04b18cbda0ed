using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// The one native library SockScope binds to, named once, and the errno of the call that just
/// failed. Every wrapper in this folder reads errno here, at once, and hands it back as a typed
/// <see cref="Errno"/>; nothing above Interop/ reads it from the runtime.
/// </summary>
internal static partial class LibC
{
    /// <summary>The C library (glibc or musl resolve "libc" to their shared object).</summary>
    internal const string Name = "libc";

    /// <summary>errno of the P/Invoke that just failed (it must have SetLastError = true).</summary>
    internal static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>The errno of a call that returned <paramref name="result"/>: <see cref="Errno.None"/> unless it is negative.</summary>
    internal static Errno ErrnoIfNegative(long result) => result < 0 ? LastErrno() : Errno.None;

    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}

/// <summary>A file descriptor owned by SockScope (packet, netlink socket, BPF map or program, perf event), closed with close(2) once.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    /// <summary>An invalid handle, for the marshaller.</summary>
    public FileDescriptorHandle() : base(-1, ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="fd"/>.</summary>
    public FileDescriptorHandle(int fd) : base(-1, ownsHandle: true) => SetHandle(fd);

    /// <inheritdoc/>
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number (valid while the handle is open).</summary>
    public int Value => (int)handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
