using System.Runtime.InteropServices;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// A capture must end cleanly on SIGINT, also when started in the background by a shell, which
/// starts it with SIGINT ignored. The .NET runtime respects an inherited "ignore" and will not
/// deliver SIGINT to a PosixSignalRegistration then; tcpdump resets the disposition. Here the
/// process resets it and executes itself again (same PID, same arguments), so that the runtime
/// starts with SIGINT at its default and hands it to the registration.
/// </summary>
internal static class InterruptSignal
{
    private const string MarkerVariable = "SOCKSCOPE_SIGINT_RESET";

    /// <summary>True when SIGINT is currently ignored (inherited SIG_IGN).</summary>
    public static bool IsIgnored() =>
        OperatingSystem.IsLinux() && Signals.CurrentHandler(Signals.SIGINT, out nint handler) == Errno.None && handler == Signals.SIG_IGN;

    /// <summary>
    /// When SIGINT is ignored, resets it and re-executes this process from /proc/self/exe with
    /// its original arguments. Returns only when nothing had to be done or the exec failed.
    /// </summary>
    public static unsafe void EnsureDeliverable()
    {
        if (!IsIgnored() || Environment.GetEnvironmentVariable(MarkerVariable) is not null) return;
        byte[] cmdline;
        try { cmdline = File.ReadAllBytes("/proc/self/cmdline"); }
        catch (IOException) { return; }
        string[] argv = System.Text.Encoding.UTF8.GetString(cmdline).TrimEnd('\0').Split('\0');
        if (argv.Length == 0) return;
        Environment.SetEnvironmentVariable(MarkerVariable, "1");
        Signals.SetHandler(Signals.SIGINT, Signals.SIG_DFL);
        nint[] native = new nint[argv.Length + 1];
        nint path = Marshal.StringToCoTaskMemUTF8("/proc/self/exe");
        try
        {
            for (int i = 0; i < argv.Length; i++) native[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            fixed (nint* args = native)
                Signals.ExecV((byte*)path, (byte**)args);
        }
        finally
        {
            // Only reached when execv failed: put things back and carry on (SIGTERM still ends the capture).
            foreach (nint p in native) if (p != 0) Marshal.FreeCoTaskMem(p);
            Marshal.FreeCoTaskMem(path);
            Signals.SetHandler(Signals.SIGINT, Signals.SIG_IGN);
        }
    }
}
