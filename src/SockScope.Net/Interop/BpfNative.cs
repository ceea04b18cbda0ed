using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// bpf(2) and perf_event_open(2) through syscall(2) (the C library has no wrappers), plus the
/// mmap/munmap/poll/ioctl the BPF ring buffer and perf events need. The capture engineer may
/// declare mmap and poll too; these are private to the eBPF code.
/// </summary>
internal static unsafe partial class BpfNative
{
    public const int BPF_MAP_CREATE = 0;
    public const int BPF_MAP_LOOKUP_ELEM = 1;
    public const int BPF_MAP_UPDATE_ELEM = 2;
    public const int BPF_PROG_LOAD = 5;


    public const ulong PERF_EVENT_IOC_ENABLE = 0x2400;
    public const ulong PERF_EVENT_IOC_DISABLE = 0x2401;
    public const ulong PERF_EVENT_IOC_SET_BPF = 0x40042408;
    public const uint PERF_TYPE_TRACEPOINT = 2;
    public const ulong PERF_FLAG_FD_CLOEXEC = 8;

    /// <summary>sizeof(struct perf_event_attr) at PERF_ATTR_SIZE_VER7; the kernel accepts any known size.</summary>
    public const int PerfEventAttrSize = 128;

    private static long BpfSyscallNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 321,
        Architecture.Arm64 => 280,
        _ => throw new PlatformNotSupportedException("bpf(2): only x86-64 and arm64 are supported"),
    };

    private static long PerfEventOpenSyscallNumber => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 298,
        Architecture.Arm64 => 241,
        _ => throw new PlatformNotSupportedException("perf_event_open(2): only x86-64 and arm64 are supported"),
    };

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5);

    /// <summary>bpf(cmd, attr, size): the result, or -1 with errno set.</summary>
    public static int Bpf(int command, void* attr, int size) => (int)Syscall(BpfSyscallNumber, command, (long)attr, size, 0, 0);

    public static int PerfEventOpen(void* attr, int pid, int cpu, int groupFd, ulong flags) =>
        (int)Syscall(PerfEventOpenSyscallNumber, (long)attr, pid, cpu, groupFd, (long)flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, nint argument);
}
