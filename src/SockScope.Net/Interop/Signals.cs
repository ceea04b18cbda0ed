using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>sigaction (to read a signal's disposition), signal (to reset it) and execv.</summary>
internal static unsafe partial class Signals
{
    internal const int SIGINT = 2;
    internal static readonly nint SIG_DFL = 0;
    internal static readonly nint SIG_IGN = 1;

    /// <summary>struct sigaction is 152 bytes on x86-64 and arm64 glibc; sa_handler comes first. Room to spare.</summary>
    private const int SigactionBufferSize = 256;

    [LibraryImport(LibC.Name, EntryPoint = "sigaction", SetLastError = true)]
    private static partial int SigActionCall(int signal, void* action, void* oldAction);

    [LibraryImport(LibC.Name, EntryPoint = "signal", SetLastError = true)]
    private static partial nint SignalCall(int signal, nint handler);

    [LibraryImport(LibC.Name, EntryPoint = "execv", SetLastError = true)]
    private static partial int ExecVCall(byte* path, byte** argv);

    /// <summary>The handler <paramref name="signal"/> has now (sa_handler), or the errno of sigaction.</summary>
    internal static Errno CurrentHandler(int signal, out nint handler)
    {
        byte* old = stackalloc byte[SigactionBufferSize];
        new Span<byte>(old, SigactionBufferSize).Clear();
        if (SigActionCall(signal, null, old) != 0)
        {
            handler = 0;
            return LibC.LastErrno();
        }
        handler = *(nint*)old;
        return Errno.None;
    }

    /// <summary>signal(2): sets the disposition (SIG_DFL, SIG_IGN).</summary>
    internal static void SetHandler(int signal, nint handler) => SignalCall(signal, handler);

    /// <summary>execv(3): returns only on failure, with its errno.</summary>
    internal static Errno ExecV(byte* path, byte** argv)
    {
        ExecVCall(path, argv);
        return LibC.LastErrno();
    }
}
