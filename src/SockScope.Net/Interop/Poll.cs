using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>poll(2): how the capture ring, the ICMP probe socket and the eBPF ring buffer sleep until the kernel has something.</summary>
internal static unsafe partial class Poll
{
    internal const short POLLIN = 0x1;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(LinuxSocketCalls.LibC, EntryPoint = "poll", SetLastError = true)]
    internal static partial int PollDescriptors(PollFd* fds, nuint count, int timeoutMs);
}
