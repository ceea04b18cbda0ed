using System.Runtime.InteropServices;
using SockScope.Filter;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// The filter steps every live capture takes alike, whatever its socket: reading raw instructions
/// as struct sock_filter, attaching a compiled program (and keeping it to run per frame when the
/// kernel cannot), and that per-frame check.
/// </summary>
internal static class CaptureFilter
{
    /// <summary>The raw instructions a caller hands to <see cref="ILiveCapture.SetFilter{TInstruction}"/> as struct sock_filter; throws when they are not 8 bytes each.</summary>
    public static unsafe ReadOnlySpan<SockFilter> AsSockFilters<TInstruction>(ReadOnlySpan<TInstruction> program) where TInstruction : unmanaged
    {
        if (sizeof(TInstruction) != sizeof(SockFilter))
            throw new ArgumentException($"filter instructions must be 8 bytes (struct sock_filter), not {sizeof(TInstruction)}", nameof(program));
        return MemoryMarshal.Cast<TInstruction, SockFilter>(program);
    }

    /// <summary>
    /// Attaches <paramref name="program"/> through the capture's raw <see cref="ILiveCapture.SetFilter{TInstruction}"/>
    /// and returns it when the kernel cannot run it (the capture then runs it on each frame), else null.
    /// </summary>
    public static BpfProgram? Attach(ILiveCapture capture, BpfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        capture.SetFilter(program.Instructions);
        return capture.RequiresUserSpaceFilter ? program : null;
    }

    /// <summary>True when a program the capture runs itself drops <paramref name="frame"/>.</summary>
    public static bool Rejects(BpfProgram? userSpaceFilter, in CapturedFrame frame) =>
        userSpaceFilter is not null && !userSpaceFilter.Matches(frame.Data, frame.OriginalLength);
}
