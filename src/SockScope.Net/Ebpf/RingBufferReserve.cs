using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Ebpf;

/// <summary>
/// Emits "reserve a record in the ring buffer, or count the loss and give up": the step the socket
/// watch and process attribution both take before writing an event.
/// </summary>
internal static class RingBufferReserve
{
    /// <summary>
    /// Calls bpf_ringbuf_reserve(<paramref name="ring"/>, <paramref name="size"/>). On success the
    /// record's address is left in R8; when the ring is full, lost[0] (a u64 array slot, key built in
    /// the u32 stack slot <paramref name="lostKeySlot"/>) is atomically incremented and the program
    /// jumps to <paramref name="done"/>. Clobbers R0-R3.
    /// </summary>
    public static void Emit(EbpfAssembler a, int size, BpfMap ring, BpfMap lost, short lostKeySlot, BpfLabel done)
    {
        BpfLabel reserved = a.NewLabel();
        a.Emit(Ld.MapFd(R1, ring.Fd));
        a.Emit(Alu64.Mov(R2, size), Alu64.Mov(R3, 0));
        a.Emit(Jmp.Call(BpfHelper.RingbufReserve));
        a.Jump(Jmp.Jne(R0, 0), reserved);
        a.Emit(Mem.StoreImmediate(BpfSize.Word, R10, lostKeySlot, 0));
        a.Emit(Ld.MapFd(R1, lost.Fd));
        a.Emit(Alu64.Mov(R2, R10), Alu64.Add(R2, lostKeySlot));
        a.Emit(Jmp.Call(BpfHelper.MapLookupElem));
        a.Jump(Jmp.Jeq(R0, 0), done);
        a.Emit(Alu64.Mov(R1, 1), Mem.AtomicAdd64(R0, 0, R1));
        a.Jump(Jmp.Ja(), done);
        a.Mark(reserved);
        a.Emit(Alu64.Mov(R8, R0));
    }
}
