using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>sigaction (to read a signal's disposition), signal (to reset it) and execv.</summary>
internal static unsafe partial class Signals
{
    internal const int SIGINT = 2;
    internal static readonly nint SIG_DFL = 0;
    internal static readonly nint SIG_IGN = 1;

    /// <summary>struct sigaction is 152 bytes on x86-64 and arm64 glibc; sa_handler comes first. Room to spare.</summary>
    internal const int SigactionBufferSize = 256;

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "sigaction", SetLastError = true)]
    internal static partial int SigAction(int signal, void* action, void* oldAction);

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "signal", SetLastError = true)]
    internal static partial nint Signal(int signal, nint handler);

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "execv", SetLastError = true)]
    internal static partial int ExecV(byte* path, byte** argv);
}
