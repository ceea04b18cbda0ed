using System.Runtime.InteropServices;

namespace SockScope.Net.Interop;

/// <summary>
/// bpf(2) and perf_event_open(2) through syscall(2) (the C library has no wrappers), plus the ioctl
/// perf events need (mmap and poll are those of <see cref="MemoryMap"/> and <see cref="Poll"/>).
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

    [LibraryImport(LibC.Name, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5);

    /// <summary>bpf(cmd, attr, size): the result (0 or a new descriptor), or -1 with <paramref name="errno"/> set.</summary>
    public static int Bpf(int command, void* attr, int size, out Errno errno)
    {
        int result = (int)Syscall(BpfSyscallNumber, command, (long)attr, size, 0, 0);
        errno = LibC.ErrnoIfNegative(result);
        return result;
    }

    /// <summary>bpf(cmd, attr, size) for a command that creates a descriptor: the descriptor in <paramref name="fd"/>, or the errno.</summary>
    public static Errno BpfOpen(int command, void* attr, int size, out FileDescriptorHandle fd)
    {
        int result = Bpf(command, attr, size, out Errno errno);
        fd = new FileDescriptorHandle(result);
        return errno;
    }

    /// <summary>perf_event_open(2): the event's descriptor in <paramref name="fd"/>, or the errno.</summary>
    public static Errno PerfEventOpen(void* attr, int pid, int cpu, int groupFd, ulong flags, out FileDescriptorHandle fd)
    {
        int result = (int)Syscall(PerfEventOpenSyscallNumber, (long)attr, pid, cpu, groupFd, (long)flags);
        Errno errno = LibC.ErrnoIfNegative(result);
        fd = new FileDescriptorHandle(result);
        return errno;
    }

    [LibraryImport(LibC.Name, EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlCall(FileDescriptorHandle fd, ulong request, nint argument);

    /// <summary>ioctl(2) with an integer argument.</summary>
    public static Errno Ioctl(FileDescriptorHandle fd, ulong request, nint argument) =>
        IoctlCall(fd, request, argument) == 0 ? Errno.None : LibC.LastErrno();
}
