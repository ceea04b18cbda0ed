using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// A descriptor's number, lent by its SafeHandle for one native call that needs it as a plain int
/// (inside a struct pollfd, or to a call declared with an int). The reference it takes keeps a
/// Dispose on another thread from closing the descriptor, and the process from reusing its number,
/// until this is disposed.
/// </summary>
internal readonly ref struct BorrowedDescriptor
{
    private readonly SafeHandle _handle;
    private readonly bool _added;

    /// <exception cref="ObjectDisposedException">When the handle is already closed.</exception>
    public BorrowedDescriptor(SafeHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _added);
        Value = (int)handle.DangerousGetHandle();
    }

    /// <summary>The descriptor number, valid until <see cref="Dispose"/>.</summary>
    public int Value { get; }

    /// <summary>Gives the reference back.</summary>
    public void Dispose()
    {
        if (_added) _handle.DangerousRelease();
    }
}
