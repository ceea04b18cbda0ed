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

    [LibraryImport(LibC.Name, EntryPoint = "poll", SetLastError = true)]
    private static partial int PollCall(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>
    /// Waits on one descriptor, holding a reference on its handle so that a Dispose on another
    /// thread cannot close (and the process reuse) the number while poll sleeps on it. Returns the
    /// events, 0 on timeout, or -1 with <paramref name="errno"/> set.
    /// </summary>
    internal static int WaitOne(SafeHandle descriptor, short events, int timeoutMs, out Errno errno)
    {
        bool added = false;
        try
        {
            descriptor.DangerousAddRef(ref added);
            var pfd = new PollFd { Fd = (int)descriptor.DangerousGetHandle(), Events = events };
            int result = PollCall(&pfd, 1, timeoutMs);
            if (result < 0)
            {
                errno = LibC.LastErrno();
                return -1;
            }
            errno = Errno.None;
            return result == 0 ? 0 : pfd.ReturnedEvents;
        }
        finally
        {
            if (added) descriptor.DangerousRelease();
        }
    }
}
