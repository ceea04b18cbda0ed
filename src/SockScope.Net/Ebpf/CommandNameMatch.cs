using System.Buffers.Binary;
using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Ebpf;

/// <summary>
/// Emits "jump to a label unless the current task's command name is this one": the test that the
/// socket watch and process attribution both filter on.
/// </summary>
internal static class CommandNameMatch
{
    /// <summary>
    /// Calls bpf_get_current_comm into the 16 stack bytes at <paramref name="stackSlot"/> and jumps
    /// to <paramref name="mismatch"/> unless they equal <paramref name="command"/> (its first 15
    /// bytes). The helper pads with NULs, so the 16 bytes compare as two u64 words. Clobbers R0-R2.
    /// </summary>
    public static void Emit(EbpfAssembler a, string command, short stackSlot, BpfLabel mismatch)
    {
        Span<byte> name = stackalloc byte[16];
        name.Clear();
        System.Text.Encoding.UTF8.GetBytes(command.AsSpan(0, Math.Min(command.Length, 15)), name);
        a.Emit(Alu64.Mov(R1, R10), Alu64.Add(R1, stackSlot), Alu64.Mov(R2, 16));
        a.Emit(Jmp.Call(BpfHelper.GetCurrentComm));
        for (int word = 0; word < 2; word++)
        {
            a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R10, (short)(stackSlot + 8 * word)));
            a.Emit(Ld.Imm64(R2, BinaryPrimitives.ReadInt64LittleEndian(name[(8 * word)..])));
            a.Jump(Jmp.Jne(R1, R2), mismatch);
        }
    }

    /// <summary>A command name as bpf_get_current_comm wrote it into a record: up to 16 bytes, NUL-padded.</summary>
    public static string Decode(ReadOnlySpan<byte> comm)
    {
        int end = comm.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? comm : comm[..end]);
    }
}
