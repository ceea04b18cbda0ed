using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>poll(2): how the capture ring, the ICMP probe socket and the eBPF ring buffer sleep until the kernel has something.</summary>
internal static unsafe partial class Poll
{
    internal const short POLLIN = 0x1;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>struct timespec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // ppoll takes its timeout in nanoseconds: a ping every millisecond cannot wait in whole milliseconds.
    [LibraryImport(LibC.Name, EntryPoint = "ppoll", SetLastError = true)]
    private static partial int PPollCall(PollFd* fds, nuint count, TimeSpec* timeout, void* signalMask);

    /// <summary>
    /// Waits on one descriptor, holding a reference on its handle so that a Dispose on another
    /// thread cannot close (and the process reuse) the number while poll sleeps on it. Returns the
    /// events, 0 on timeout, or -1 with <paramref name="errno"/> set.
    /// </summary>
    internal static int WaitOne(SafeHandle descriptor, short events, int timeoutMs, out Errno errno) =>
        WaitOnePrecise(descriptor, events, timeoutMs < 0 ? -1 : timeoutMs * 1_000_000L, out errno);

    /// <summary>As <see cref="WaitOne"/>, with the timeout in nanoseconds (negative: for ever), through ppoll(2).</summary>
    internal static int WaitOnePrecise(SafeHandle descriptor, short events, long timeoutNs, out Errno errno)
    {
        using var fd = new BorrowedDescriptor(descriptor);
        var pfd = new PollFd { Fd = fd.Value, Events = events };
        var timeout = new TimeSpec { Seconds = timeoutNs / 1_000_000_000, Nanoseconds = timeoutNs % 1_000_000_000 };
        int result = PPollCall(&pfd, 1, timeoutNs < 0 ? null : &timeout, null);
        if (result < 0)
        {
            errno = LibC.LastErrno();
            return -1;
        }
        errno = Errno.None;
        return result == 0 ? 0 : pfd.ReturnedEvents;
    }
}
