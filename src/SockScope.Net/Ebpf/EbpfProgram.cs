using System.Text;
using SockScope.Net.Interop;

namespace SockScope.Net.Ebpf;

/// <summary>A loaded, verified eBPF program.</summary>
public sealed unsafe class EbpfProgram : IDisposable
{
    private readonly FileDescriptorHandle _fd;

    private EbpfProgram(FileDescriptorHandle fd, string name, int instructionCount)
    {
        _fd = fd;
        Name = name;
        InstructionCount = instructionCount;
    }

    /// <summary>The program name given to the kernel (at most 15 characters of [A-Za-z0-9_.] are kept, as bpftool shows them).</summary>
    public string Name { get; }
    /// <summary>The number of 8-byte instruction slots loaded.</summary>
    public int InstructionCount { get; }
    /// <summary>The program's file descriptor, for attaching it (a perf event, SO_ATTACH_BPF).</summary>
    public int Fd => _fd.Value;

    /// <summary>
    /// Loads <paramref name="instructions"/> with BPF_PROG_LOAD. On refusal it loads once more
    /// with a verifier log and throws <see cref="BpfVerifierException"/> carrying the verifier's words.
    /// </summary>
    public static EbpfProgram Load(BpfProgramType type, ReadOnlySpan<EbpfInstruction> instructions, string name, string license = "GPL")
    {
        Errno errno = TryLoad(type, instructions, name, license, logLevel: 0, out _, out FileDescriptorHandle fd);
        if (errno == Errno.None) return new EbpfProgram(fd, name, instructions.Length);
        if (errno is Errno.EPERM) throw BpfErrors.From("bpf prog load", errno);
        errno = TryLoad(type, instructions, name, license, logLevel: 1, out string log, out fd);
        if (errno == Errno.None) return new EbpfProgram(fd, name, instructions.Length);
        if (errno == Errno.EACCES || errno == Errno.EINVAL || log.Length > 0) throw new BpfVerifierException(name, errno, log);
        throw BpfErrors.From("bpf prog load", errno);
    }

    private static Errno TryLoad(BpfProgramType type, ReadOnlySpan<EbpfInstruction> instructions, string name, string license, int logLevel, out string log, out FileDescriptorHandle fd)
    {
        log = "";
        const int logSize = 1 << 20;
        byte[]? logBuffer = logLevel > 0 ? new byte[logSize] : null;
        byte* attr = stackalloc byte[ProgramLoadAttrOffsets.Size];
        new Span<byte>(attr, ProgramLoadAttrOffsets.Size).Clear();
        byte[] licenseBytes = Encoding.ASCII.GetBytes(license + "\0");
        Errno errno;
        fixed (EbpfInstruction* code = instructions)
        fixed (byte* lic = licenseBytes)
        fixed (byte* logPtr = logBuffer)
        {
            *(uint*)(attr + ProgramLoadAttrOffsets.ProgramType) = (uint)type;
            *(uint*)(attr + ProgramLoadAttrOffsets.InstructionCount) = (uint)instructions.Length;
            *(ulong*)(attr + ProgramLoadAttrOffsets.Instructions) = (ulong)code;
            *(ulong*)(attr + ProgramLoadAttrOffsets.License) = (ulong)lic;
            if (logBuffer is not null)
            {
                *(uint*)(attr + ProgramLoadAttrOffsets.LogLevel) = (uint)logLevel;
                *(uint*)(attr + ProgramLoadAttrOffsets.LogSize) = logSize;
                *(ulong*)(attr + ProgramLoadAttrOffsets.LogBuffer) = (ulong)logPtr;
            }
            BpfMap.WriteName(new Span<byte>(attr + ProgramLoadAttrOffsets.ProgramName, 16), name);
            errno = BpfNative.BpfOpen(BpfNative.BPF_PROG_LOAD, attr, ProgramLoadAttrOffsets.Size, out fd);
        }
        if (logBuffer is not null)
        {
            int end = Array.IndexOf(logBuffer, (byte)0);
            log = Encoding.UTF8.GetString(logBuffer, 0, end < 0 ? logBuffer.Length : end);
        }
        return errno;
    }

    /// <summary>Closes the descriptor; the kernel unloads the program once nothing attached holds it.</summary>
    public void Dispose() => _fd.Dispose();
}
