using SockScope.Net.Ebpf;
using static SockScope.Net.Ebpf.Register;
using static SockScope.Net.Observability.WatchRecordOffsets;

namespace SockScope.Net.Observability;

/// <summary>The filters the watch programs apply in the kernel, before anything reaches the ring buffer.</summary>
public sealed record KernelWatchFilter(int? Pid, string? Command);

/// <summary>
/// Generates the tracepoint programs of `watch`. Entry programs filter on pid and command,
/// remember the call in a hash map keyed by thread id, and emit an entry record with the
/// arguments (and the sockaddr or option value, copied with bpf_probe_read_user). Exit programs
/// emit only for threads with a remembered entry, with the return value. Field offsets come
/// from the tracepoint's format file.
/// </summary>
internal static class SocketWatchProgram
{
    // Stack slots below the frame pointer R10.
    private const short KeySlot = -4;          // u32 tid
    private const short ValueSlot = -32;       // u64 syscall, u64 pointer, u64 length pointer (24 bytes)
    private const short LostKeySlot = -40;     // u32 0
    private const short LengthSlot = -48;      // u32 copied from user memory
    private const short CommandSlot = -64;     // char[16]

    public const int PendingValueSize = 24;

    public static EbpfInstruction[] Entry(WatchedSyscall syscall, TracepointFormat format, KernelWatchFilter filter, BpfMap ring, BpfMap pending, BpfMap lost)
    {
        IReadOnlyList<TracepointField> args = SyscallArguments(format);
        var a = new EbpfAssembler();
        BpfLabel done = EventProgramFrame.Begin(a);
        EmitFilters(a, filter, done);
        if (syscall == WatchedSyscall.Setsockopt) EmitSocketOptionFilter(a, args, done);

        // pending[tid] = { syscall, peer pointer, length pointer }
        a.Emit(Mem.Store(BpfSize.Word, R10, KeySlot, R7));
        a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R10, ValueSlot, (int)syscall));
        if (WatchedSyscalls.ExitCapture(syscall) is { } exitCapture)
        {
            a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R6, (short)args[exitCapture.Pointer].Offset));
            a.Emit(Mem.Store(BpfSize.DoubleWord, R10, ValueSlot + 8, R1));
            a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R6, (short)args[exitCapture.LengthPointer].Offset));
            a.Emit(Mem.Store(BpfSize.DoubleWord, R10, ValueSlot + 16, R1));
        }
        else
        {
            a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R10, ValueSlot + 8, 0));
            a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R10, ValueSlot + 16, 0));
        }
        a.Emit(Ld.MapFd(R1, pending.Fd));
        a.Emit(Alu64.Mov(R2, R10), Alu64.Add(R2, KeySlot));
        a.Emit(Alu64.Mov(R3, R10), Alu64.Add(R3, ValueSlot));
        a.Emit(Alu64.Mov(R4, 0));
        a.Emit(Jmp.Call(BpfHelper.MapUpdateElem));

        (int Pointer, int Length)? capture = WatchedSyscalls.EnterCapture(syscall);
        RingBufferReserve.Emit(a, capture is null ? SmallSize : FullSize, ring, lost, LostKeySlot, done);
        EmitHeader(a, syscall, phase: 0);
        for (int i = 0; i < ArgumentCount; i++)
        {
            if (i < args.Count)
            {
                a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R6, (short)args[i].Offset));
                a.Emit(Mem.Store(BpfSize.DoubleWord, R8, (short)(Arguments + 8 * i), R1));
            }
            else
            {
                a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R8, (short)(Arguments + 8 * i), 0));
            }
        }
        a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R8, Return, 0));
        if (capture is { } c)
        {
            // The length and the pointer are the call's own arguments.
            a.Emit(Mem.Load(BpfSize.DoubleWord, R2, R6, (short)args[c.Length].Offset));
            EmitCopyToData(a, Mem.Load(BpfSize.DoubleWord, R3, R6, (short)args[c.Pointer].Offset), a.NewLabel());
        }
        return EventProgramFrame.End(a, done);
    }

    public static EbpfInstruction[] Exit(WatchedSyscall syscall, TracepointFormat format, BpfMap ring, BpfMap pending, BpfMap lost)
    {
        short returnOffset = (short)format["ret"].Offset;
        bool capture = WatchedSyscalls.ExitCapture(syscall) is not null;
        var a = new EbpfAssembler();
        BpfLabel done = EventProgramFrame.Begin(a);
        a.Emit(Mem.Store(BpfSize.Word, R10, KeySlot, R7));
        a.Emit(Ld.MapFd(R1, pending.Fd));
        a.Emit(Alu64.Mov(R2, R10), Alu64.Add(R2, KeySlot));
        a.Emit(Jmp.Call(BpfHelper.MapLookupElem));
        a.Jump(Jmp.Jeq(R0, 0), done);                       // no entry remembered: filtered out
        a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R0, 0));
        a.Jump(Jmp.Jne(R1, (int)syscall), done);
        a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R0, 8), Mem.Store(BpfSize.DoubleWord, R10, ValueSlot + 8, R1));
        a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R0, 16), Mem.Store(BpfSize.DoubleWord, R10, ValueSlot + 16, R1));
        a.Emit(Ld.MapFd(R1, pending.Fd));
        a.Emit(Alu64.Mov(R2, R10), Alu64.Add(R2, KeySlot));
        a.Emit(Jmp.Call(BpfHelper.MapDeleteElem));

        RingBufferReserve.Emit(a, capture ? FullSize : SmallSize, ring, lost, LostKeySlot, done);
        EmitHeader(a, syscall, phase: 1);
        for (int i = 0; i < ArgumentCount; i++)
            a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R8, (short)(Arguments + 8 * i), 0));
        a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R6, returnOffset));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, Return, R1));
        if (capture)
        {
            BpfLabel finished = a.NewLabel();
            a.Jump(Jmp.Jslt(R1, 0), finished);                          // failed: no peer
            a.Emit(Mem.Load(BpfSize.DoubleWord, R3, R10, ValueSlot + 16));
            a.Jump(Jmp.Jeq(R3, 0), finished);                           // no length pointer
            a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R10, ValueSlot + 8));
            a.Jump(Jmp.Jeq(R1, 0), finished);                           // no address pointer
            a.Emit(Alu64.Mov(R1, R10), Alu64.Add(R1, LengthSlot), Alu64.Mov(R2, 4));
            a.Emit(Jmp.Call(BpfHelper.ProbeReadUser));
            a.Jump(Jmp.Jne(R0, 0), finished);
            // The length the call wrote back (read above), the pointer remembered at entry.
            a.Emit(Mem.Load(BpfSize.Word, R2, R10, LengthSlot));
            EmitCopyToData(a, Mem.Load(BpfSize.DoubleWord, R3, R10, ValueSlot + 8), finished);
        }
        return EventProgramFrame.End(a, done);
    }

    /// <summary>The syscall's own arguments: the fields after the common ones and __syscall_nr, in order.</summary>
    internal static IReadOnlyList<TracepointField> SyscallArguments(TracepointFormat format) =>
        format.Fields.Where(f => !f.Name.StartsWith("common_", StringComparison.Ordinal) && f.Name != "__syscall_nr")
            .OrderBy(f => f.Offset).ToList();

    private static void EmitFilters(EbpfAssembler a, KernelWatchFilter filter, BpfLabel done)
    {
        if (filter.Pid is int pid)
        {
            a.Emit(Alu64.Mov(R1, R7), Alu64.Rsh(R1, 32));
            a.Jump(Jmp.Jne(R1, pid), done);
        }
        if (filter.Command is { } command)
        {
            CommandNameMatch.Emit(a, command, CommandSlot, done);
        }
    }

    // Only SO_ATTACH_FILTER (SOL_SOCKET 1, 26) and PACKET_ADD_MEMBERSHIP (SOL_PACKET 263, 1) matter.
    private static void EmitSocketOptionFilter(EbpfAssembler a, IReadOnlyList<TracepointField> args, BpfLabel done)
    {
        BpfLabel packetLevel = a.NewLabel(), keep = a.NewLabel();
        a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R6, (short)args[1].Offset));
        a.Emit(Mem.Load(BpfSize.DoubleWord, R2, R6, (short)args[2].Offset));
        a.Emit(Alu32.Mov(R1, R1), Alu32.Mov(R2, R2));   // int arguments: compare the low 32 bits
        a.Jump(Jmp.Jeq(R1, 263), packetLevel);
        a.Jump(Jmp.Jne(R1, 1), done);
        a.Jump(Jmp.Jeq(R2, 26), keep);
        a.Jump(Jmp.Ja(), done);
        a.Mark(packetLevel);
        a.Jump(Jmp.Jne(R2, 1), done);
        a.Mark(keep);
    }

    /// <summary>
    /// Copies min(R2, DataCapacity) bytes of user memory into the record's data, from the pointer
    /// <paramref name="loadPointer"/> loads into R3, and stores that length; a copy that faults
    /// leaves the length 0. Marks <paramref name="finished"/> after the copy.
    /// </summary>
    private static void EmitCopyToData(EbpfAssembler a, EbpfInstruction loadPointer, BpfLabel finished)
    {
        BpfLabel bounded = a.NewLabel();
        a.Jump(Jmp.Jle(R2, DataCapacity), bounded);
        a.Emit(Alu64.Mov(R2, DataCapacity));
        a.Mark(bounded);
        a.Emit(Mem.Store(BpfSize.Half, R8, DataLength, R2));
        a.Emit(Alu64.Mov(R1, R8), Alu64.Add(R1, Data));
        a.Emit(loadPointer);
        a.Emit(Jmp.Call(BpfHelper.ProbeReadUser));
        a.Jump(Jmp.Jeq(R0, 0), finished);
        a.Emit(Mem.StoreImmediate(BpfSize.Half, R8, DataLength, 0));
        a.Mark(finished);
    }

    private static void EmitHeader(EbpfAssembler a, WatchedSyscall syscall, int phase)
    {
        a.Emit(Jmp.Call(BpfHelper.KtimeGetNs));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, Time, R0));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, Tid, R7));      // tid then pid, as the u64 lies in memory
        a.Emit(Jmp.Call(BpfHelper.GetCurrentUidGid));
        a.Emit(Mem.Store(BpfSize.Word, R8, Uid, R0));
        a.Emit(Mem.StoreImmediate(BpfSize.Byte, R8, Syscall, (int)syscall));
        a.Emit(Mem.StoreImmediate(BpfSize.Byte, R8, Phase, phase));
        a.Emit(Mem.StoreImmediate(BpfSize.Half, R8, DataLength, 0));
        a.Emit(Alu64.Mov(R1, R8), Alu64.Add(R1, Command), Alu64.Mov(R2, 16));
        a.Emit(Jmp.Call(BpfHelper.GetCurrentComm));
    }
}
