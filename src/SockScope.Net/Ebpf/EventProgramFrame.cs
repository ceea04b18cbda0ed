using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Ebpf;

/// <summary>
/// The start and the end every tracepoint program of the socket watch and process attribution
/// shares: keep the context and the caller's ids in callee-saved registers, and at the end submit
/// the ring-buffer record and return 0 (the one exit every filter jumps to).
/// </summary>
internal static class EventProgramFrame
{
    /// <summary>
    /// Emits R6 = the tracepoint context (R1), R7 = bpf_get_current_pid_tgid() (tgid in the upper
    /// 32 bits, tid in the lower); returns the label of the common exit, marked by <see cref="End"/>.
    /// </summary>
    public static BpfLabel Begin(EbpfAssembler a)
    {
        BpfLabel done = a.NewLabel();
        a.Emit(Alu64.Mov(R6, R1));
        a.Emit(Jmp.Call(BpfHelper.GetCurrentPidTgid));
        a.Emit(Alu64.Mov(R7, R0));
        return done;
    }

    /// <summary>Emits the submit of the record R8 points at (from <see cref="RingBufferReserve"/>), then the exit at <paramref name="done"/>; returns the assembled program.</summary>
    public static EbpfInstruction[] End(EbpfAssembler a, BpfLabel done)
    {
        a.Emit(Alu64.Mov(R1, R8), Alu64.Mov(R2, 0));
        a.Emit(Jmp.Call(BpfHelper.RingbufSubmit));
        a.Mark(done);
        a.Emit(Alu64.Mov(R0, 0), Jmp.Exit());
        return a.Assemble();
    }
}
