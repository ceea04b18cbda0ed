using SockScope.Filter;
using SockScope.Wire;

namespace SockScope.Net.Capture;

/// <summary>Receives the frames of a live capture, one call per frame, without allocating.</summary>
public interface ICaptureHandler
{
    /// <summary>Called for each frame; <paramref name="frame"/> is valid only during the call. Return false to stop.</summary>
    bool OnFrame(in CapturedFrame frame);
}

/// <summary>
/// A live capture, whatever its mechanism: a packet socket with a TPACKET_V3 ring (Linux), a raw
/// IP socket, or SIO_RCVALL (Windows). <see cref="LiveCapture.Open(CaptureOptions, string)"/> picks the one the system has.
/// </summary>
public interface ILiveCapture : IDisposable
{
    /// <summary>The link type of <see cref="CapturedFrame.Data"/> (EN10MB, LINUX_SLL2, RAW ...).</summary>
    LinkType LinkType { get; }

    /// <summary>Bytes kept of each frame; longer frames arrive cut, with their original length.</summary>
    int SnapLength { get; }

    /// <summary>The interface name, or "any".</summary>
    string InterfaceName { get; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for frames and hands every frame available then to
    /// <paramref name="handler"/> (a block of the ring, or what the socket holds). Returns how
    /// many were handed over; stops early when the handler returns false.
    /// </summary>
    int Dispatch<THandler>(ref THandler handler, TimeSpan timeout) where THandler : struct, ICaptureHandler;

    /// <summary>
    /// Attaches a compiled filter (for this capture's <see cref="LinkType"/>, e.g. from
    /// <see cref="FilterCompiler.Compile(string, LinkType, int, bool)"/> with live semantics): in the
    /// kernel where it can run there, otherwise the capture runs it on each frame itself before
    /// <see cref="Dispatch"/> hands the frame over. Either way only matching frames arrive.
    /// </summary>
    void SetFilter(BpfProgram program);

    /// <summary>
    /// Attaches raw classic BPF (8-byte instructions laid out as struct sock_filter) in the kernel
    /// where it can. When <see cref="RequiresUserSpaceFilter"/> is then true the caller must filter
    /// each frame itself; prefer <see cref="SetFilter(BpfProgram)"/>, which does that.
    /// </summary>
    void SetFilter<TInstruction>(ReadOnlySpan<TInstruction> program) where TInstruction : unmanaged;

    /// <summary>
    /// True when the last filter given could not run in the kernel. After
    /// <see cref="SetFilter(BpfProgram)"/> the capture filters in user space itself
    /// (<see cref="FiltersInUserSpace"/>); after the raw overload the caller has to.
    /// </summary>
    bool RequiresUserSpaceFilter { get; }

    /// <summary>True when the capture runs the filter on each frame itself because the kernel cannot.</summary>
    bool FiltersInUserSpace { get; }

    /// <summary>Captured, received by filter, dropped by kernel so far.</summary>
    CaptureStatistics ReadStatistics();
}
