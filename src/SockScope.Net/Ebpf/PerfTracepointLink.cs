using SockScope.Net.Interop;

namespace SockScope.Net.Ebpf;

/// <summary>
/// A BPF program attached to a tracepoint: perf_event_open(PERF_TYPE_TRACEPOINT, id) for one
/// CPU (the program then runs for the tracepoint on every CPU), PERF_EVENT_IOC_SET_BPF,
/// PERF_EVENT_IOC_ENABLE. Disposing detaches.
/// </summary>
public sealed unsafe class PerfTracepointLink : IDisposable
{
    private readonly FileDescriptorHandle _fd;

    private PerfTracepointLink(FileDescriptorHandle fd) => _fd = fd;

    /// <summary>Opens a perf event on <paramref name="tracepoint"/> (PERF_TYPE_TRACEPOINT, config = its id), attaches <paramref name="program"/> and enables it.</summary>
    /// <param name="tracepoint">The tracepoint, as read from tracefs.</param>
    /// <param name="program">A loaded <see cref="BpfProgramType.Tracepoint"/> program; keep it alive while the link is.</param>
    /// <exception cref="MissingPrivilegeException">Without CAP_PERFMON and CAP_BPF (or root).</exception>
    /// <exception cref="NetOperationException">When perf_event_open or one of the ioctls fails otherwise.</exception>
    public static PerfTracepointLink Attach(TracepointFormat tracepoint, EbpfProgram program)
    {
        byte* attr = stackalloc byte[BpfNative.PerfEventAttrSize];
        new Span<byte>(attr, BpfNative.PerfEventAttrSize).Clear();
        *(uint*)(attr + PerfEventAttrOffsets.Type) = BpfNative.PERF_TYPE_TRACEPOINT;
        *(uint*)(attr + PerfEventAttrOffsets.Size) = BpfNative.PerfEventAttrSize;
        *(ulong*)(attr + PerfEventAttrOffsets.Config) = (ulong)tracepoint.Id;
        *(ulong*)(attr + PerfEventAttrOffsets.SamplePeriod) = 1;
        *(uint*)(attr + PerfEventAttrOffsets.WakeupEvents) = 1;
        Errno errno = BpfNative.PerfEventOpen(attr, pid: -1, cpu: 0, groupFd: -1, BpfNative.PERF_FLAG_FD_CLOEXEC, out FileDescriptorHandle handle);
        if (errno != Errno.None)
        {
            handle.Dispose();
            throw BpfErrors.From($"perf_event_open {tracepoint.Category}/{tracepoint.Name}", errno);
        }
        errno = BpfNative.Ioctl(handle, BpfNative.PERF_EVENT_IOC_SET_BPF, program.Fd);
        if (errno == Errno.None) errno = BpfNative.Ioctl(handle, BpfNative.PERF_EVENT_IOC_ENABLE, 0);
        if (errno != Errno.None)
        {
            handle.Dispose();
            throw BpfErrors.From($"attach to {tracepoint.Category}/{tracepoint.Name}", errno);
        }
        return new PerfTracepointLink(handle);
    }

    /// <summary>Disables the event (PERF_EVENT_IOC_DISABLE) and closes it, which detaches the program.</summary>
    public void Dispose()
    {
        if (!_fd.IsClosed) BpfNative.Ioctl(_fd, BpfNative.PERF_EVENT_IOC_DISABLE, 0);
        _fd.Dispose();
    }
}
