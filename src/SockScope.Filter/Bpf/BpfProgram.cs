using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SockScope.Filter;

/// <summary>
/// A validated classic BPF program. Construction checks it as the kernel does before attaching it
/// (<see cref="Validate"/>), so the interpreter can trust every jump and scratch index and only has to
/// check packet bounds.
/// </summary>
public sealed class BpfProgram
{
    private readonly BpfInstruction[] _instructions;
    private readonly Step[] _steps;

    /// <summary>Wraps and validates <paramref name="instructions"/>; throws <see cref="BpfValidationException"/>.</summary>
    public BpfProgram(ReadOnlySpan<BpfInstruction> instructions)
    {
        _instructions = instructions.ToArray();
        string? problem = Check(_instructions);
        if (problem is not null) throw new BpfValidationException(problem);
        _steps = Array.ConvertAll(_instructions, i => new Step(Decode(i.Code), i.Jt, i.Jf, i.K));
    }

    /// <summary>The instructions, ready for <c>SO_ATTACH_FILTER</c> or a live capture's <c>SetFilter</c>.</summary>
    public ReadOnlySpan<BpfInstruction> Instructions => _instructions;

    /// <summary>How many instructions the program has.</summary>
    public int Length => _instructions.Length;

    /// <summary>The instructions as the bytes of a <c>struct sock_filter</c> array, for SO_ATTACH_FILTER.</summary>
    public ReadOnlySpan<byte> AsBytes() => MemoryMarshal.AsBytes(_instructions.AsSpan());

    /// <summary>Checks the program again (it was checked at construction); throws when invalid.</summary>
    public void Validate()
    {
        string? problem = Check(_instructions);
        if (problem is not null) throw new BpfValidationException(problem);
    }

    /// <summary>True when the program accepts the packet (returns a non-zero length).</summary>
    public bool Matches(ReadOnlySpan<byte> packet, int wireLength) => Run(packet, wireLength) != 0;

    /// <summary>
    /// Runs the program on <paramref name="packet"/> (the captured bytes; <paramref name="wireLength"/>
    /// is the original length, what <c>len</c> loads). Returns how many bytes to accept, 0 to drop.
    /// A load outside the captured bytes or a division by zero drops the packet, as in the kernel.
    /// </summary>
    // Always JIT-compiled for this CPU, also when the assembly is published ReadyToRun: it runs per packet.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint Run(ReadOnlySpan<byte> packet, int wireLength)
    {
        Span<uint> mem = stackalloc uint[BpfOp.MemoryWords];
        ref Step first = ref MemoryMarshal.GetArrayDataReference(_steps);
        uint a = 0, x = 0;
        int pc = 0;
        uint length = (uint)packet.Length;
        while (true)
        {
            Step step = Unsafe.Add(ref first, pc++);
            uint k = step.K;
            switch (step.Op)
            {
                case Op.RetK: return k;
                case Op.RetA: return a;
                case Op.LdWAbs:
                    if (k > length || length - k < 4) return 0;
                    a = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice((int)k));
                    break;
                case Op.LdHAbs:
                    if (k > length || length - k < 2) return 0;
                    a = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice((int)k));
                    break;
                case Op.LdBAbs:
                    if (k >= length) return 0;
                    a = packet[(int)k];
                    break;
                case Op.LdWInd:
                {
                    ulong at = (ulong)x + k;
                    if (at + 4 > length) return 0;
                    a = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice((int)at));
                    break;
                }
                case Op.LdHInd:
                {
                    ulong at = (ulong)x + k;
                    if (at + 2 > length) return 0;
                    a = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice((int)at));
                    break;
                }
                case Op.LdBInd:
                {
                    ulong at = (ulong)x + k;
                    if (at >= length) return 0;
                    a = packet[(int)at];
                    break;
                }
                case Op.LdxMsh:
                    if (k >= length) return 0;
                    x = (uint)(packet[(int)k] & 0xf) << 2;
                    break;
                case Op.LdLen: a = (uint)wireLength; break;
                case Op.LdxLen: x = (uint)wireLength; break;
                case Op.LdImm: a = k; break;
                case Op.LdxImm: x = k; break;
                case Op.LdMem: a = mem[(int)k]; break;
                case Op.LdxMem: x = mem[(int)k]; break;
                case Op.St: mem[(int)k] = a; break;
                case Op.Stx: mem[(int)k] = x; break;
                case Op.Ja: pc += (int)k; break;
                case Op.JeqK: pc += a == k ? step.Jt : step.Jf; break;
                case Op.JgtK: pc += a > k ? step.Jt : step.Jf; break;
                case Op.JgeK: pc += a >= k ? step.Jt : step.Jf; break;
                case Op.JsetK: pc += (a & k) != 0 ? step.Jt : step.Jf; break;
                case Op.JeqX: pc += a == x ? step.Jt : step.Jf; break;
                case Op.JgtX: pc += a > x ? step.Jt : step.Jf; break;
                case Op.JgeX: pc += a >= x ? step.Jt : step.Jf; break;
                case Op.JsetX: pc += (a & x) != 0 ? step.Jt : step.Jf; break;
                case Op.AddK: a += k; break;
                case Op.SubK: a -= k; break;
                case Op.MulK: a *= k; break;
                case Op.DivK: a /= k; break;
                case Op.ModK: a %= k; break;
                case Op.AndK: a &= k; break;
                case Op.OrK: a |= k; break;
                case Op.XorK: a ^= k; break;
                case Op.LshK: a = Shift.Left(a, k); break;
                case Op.RshK: a = Shift.Right(a, k); break;
                case Op.AddX: a += x; break;
                case Op.SubX: a -= x; break;
                case Op.MulX: a *= x; break;
                case Op.DivX: if (x == 0) return 0; a /= x; break;
                case Op.ModX: if (x == 0) return 0; a %= x; break;
                case Op.AndX: a &= x; break;
                case Op.OrX: a |= x; break;
                case Op.XorX: a ^= x; break;
                case Op.LshX: a = Shift.Left(a, x); break;
                case Op.RshX: a = Shift.Right(a, x); break;
                case Op.Neg: a = 0u - a; break;
                case Op.Tax: x = a; break;
                case Op.Txa: a = x; break;
                default: return 0; // unreachable: validation rejects unknown codes
            }
        }
    }

    // The interpreter runs over a dense copy of the program: one small opcode number per operation,
    // so the dispatch is a single jump table.
    private enum Op : byte
    {
        RetK, RetA, LdWAbs, LdHAbs, LdBAbs, LdWInd, LdHInd, LdBInd, LdxMsh, LdLen, LdxLen, LdImm, LdxImm, LdMem, LdxMem,
        St, Stx, Ja, JeqK, JgtK, JgeK, JsetK, JeqX, JgtX, JgeX, JsetX,
        AddK, SubK, MulK, DivK, ModK, AndK, OrK, XorK, LshK, RshK, AddX, SubX, MulX, DivX, ModX, AndX, OrX, XorX, LshX, RshX,
        Neg, Tax, Txa, Invalid,
    }

    private readonly record struct Step(Op Op, byte Jt, byte Jf, uint K);

    private static Op Decode(ushort code) => code switch
    {
        BpfOp.Ret | BpfOp.K => Op.RetK,
        BpfOp.Ret | BpfOp.RetA => Op.RetA,
        BpfOp.Ld | BpfOp.W | BpfOp.Abs => Op.LdWAbs,
        BpfOp.Ld | BpfOp.H | BpfOp.Abs => Op.LdHAbs,
        BpfOp.Ld | BpfOp.B | BpfOp.Abs => Op.LdBAbs,
        BpfOp.Ld | BpfOp.W | BpfOp.Ind => Op.LdWInd,
        BpfOp.Ld | BpfOp.H | BpfOp.Ind => Op.LdHInd,
        BpfOp.Ld | BpfOp.B | BpfOp.Ind => Op.LdBInd,
        BpfOp.Ldx | BpfOp.B | BpfOp.Msh => Op.LdxMsh,
        BpfOp.Ld | BpfOp.W | BpfOp.Len => Op.LdLen,
        BpfOp.Ldx | BpfOp.W | BpfOp.Len => Op.LdxLen,
        BpfOp.Ld | BpfOp.Imm => Op.LdImm,
        BpfOp.Ldx | BpfOp.Imm => Op.LdxImm,
        BpfOp.Ld | BpfOp.Mem => Op.LdMem,
        BpfOp.Ldx | BpfOp.Mem => Op.LdxMem,
        BpfOp.St => Op.St,
        BpfOp.Stx => Op.Stx,
        BpfOp.Jmp | BpfOp.Ja => Op.Ja,
        _ when BpfOp.ClassOf(code) == BpfOp.Jmp => WithSource(code, JumpOf(BpfOp.OpOf(code)), Op.JeqX - Op.JeqK),
        BpfOp.Alu | BpfOp.Neg => Op.Neg,
        BpfOp.Misc | BpfOp.Tax => Op.Tax,
        BpfOp.Misc | BpfOp.Txa => Op.Txa,
        _ when BpfOp.ClassOf(code) == BpfOp.Alu => WithSource(code, AluOf(BpfOp.OpOf(code)), Op.AddX - Op.AddK),
        _ => Op.Invalid,
    };

    // A conditional jump or an ALU operation takes its operand from K or from X, one bit of the
    // opcode apart; Op lists every X form in the same order as the K forms, a fixed distance after
    // them, so one table per class serves both sources.
    private static Op WithSource(ushort code, Op kForm, byte distanceToX)
    {
        // Bits beyond class, operation and source make an unknown opcode, as in the kernel.
        if (kForm == Op.Invalid || code != (BpfOp.ClassOf(code) | BpfOp.OpOf(code) | BpfOp.SrcOf(code))) return Op.Invalid;
        return BpfOp.SrcOf(code) == BpfOp.X ? kForm + distanceToX : kForm;
    }

    private static Op JumpOf(int operation) => operation switch
    {
        BpfOp.Jeq => Op.JeqK,
        BpfOp.Jgt => Op.JgtK,
        BpfOp.Jge => Op.JgeK,
        BpfOp.Jset => Op.JsetK,
        _ => Op.Invalid,
    };

    private static Op AluOf(int operation) => operation switch
    {
        BpfOp.Add => Op.AddK,
        BpfOp.Sub => Op.SubK,
        BpfOp.Mul => Op.MulK,
        BpfOp.Div => Op.DivK,
        BpfOp.Mod => Op.ModK,
        BpfOp.And => Op.AndK,
        BpfOp.Or => Op.OrK,
        BpfOp.Xor => Op.XorK,
        BpfOp.Lsh => Op.LshK,
        BpfOp.Rsh => Op.RshK,
        _ => Op.Invalid,
    };

    /// <summary>The kernel's checks (net/core/filter.c bpf_check_classic); null when the program is valid.</summary>
    internal static string? Check(ReadOnlySpan<BpfInstruction> program)
    {
        if (program.Length == 0) return "empty program";
        if (program.Length > BpfOp.MaxInstructions) return $"program has {program.Length} instructions, more than the kernel's limit of {BpfOp.MaxInstructions}";
        for (int pc = 0; pc < program.Length; pc++)
        {
            BpfInstruction ins = program[pc];
            if (!IsKnown(ins.Code)) return $"instruction {pc}: unknown opcode 0x{ins.Code:x2}";
            int code = ins.Code;
            switch (BpfOp.ClassOf(code))
            {
                case BpfOp.Alu:
                    if (BpfOp.SrcOf(code) == BpfOp.K && (BpfOp.OpOf(code) is BpfOp.Div or BpfOp.Mod) && ins.K == 0)
                        return $"instruction {pc}: division by constant zero";
                    if (BpfOp.SrcOf(code) == BpfOp.K && (BpfOp.OpOf(code) is BpfOp.Lsh or BpfOp.Rsh) && ins.K >= 32)
                        return $"instruction {pc}: shift by {ins.K}, more than 31";
                    break;
                case BpfOp.Ld or BpfOp.Ldx when BpfOp.ModeOf(code) == BpfOp.Mem:
                case BpfOp.St or BpfOp.Stx:
                    if (ins.K >= BpfOp.MemoryWords) return $"instruction {pc}: scratch memory index {ins.K} out of range 0..15";
                    break;
                case BpfOp.Jmp:
                    if (BpfOp.OpOf(code) == BpfOp.Ja)
                    {
                        if (ins.K >= (uint)(program.Length - pc - 1)) return $"instruction {pc}: jump out of the program";
                    }
                    else if (pc + 1 + ins.Jt >= program.Length || pc + 1 + ins.Jf >= program.Length)
                        return $"instruction {pc}: jump out of the program";
                    break;
            }
        }
        if (!program[^1].IsReturn) return "last instruction is not a return";
        return CheckMemoryLoads(program);
    }

    // A load from M[i] must follow a store to M[i] on every path, as the kernel requires.
    private static string? CheckMemoryLoads(ReadOnlySpan<BpfInstruction> program)
    {
        // Stored-set at entry of each instruction: intersection over all predecessors (forward jumps only).
        var stored = new int[program.Length];
        var reached = new bool[program.Length];
        stored[0] = 0;
        reached[0] = true;
        for (int pc = 0; pc < program.Length; pc++)
        {
            if (!reached[pc]) continue;
            BpfInstruction ins = program[pc];
            int set = stored[pc];
            int cls = ins.Class;
            if ((cls is BpfOp.Ld or BpfOp.Ldx) && BpfOp.ModeOf(ins.Code) == BpfOp.Mem && (set & (1 << (int)ins.K)) == 0)
                return $"instruction {pc}: load of M[{ins.K}] before any store to it";
            if (cls is BpfOp.St or BpfOp.Stx) set |= 1 << (int)ins.K;
            if (cls == BpfOp.Ret) continue;
            if (cls == BpfOp.Jmp)
            {
                if (BpfOp.OpOf(ins.Code) == BpfOp.Ja) Flow(pc + 1 + (int)ins.K, set);
                else { Flow(pc + 1 + ins.Jt, set); Flow(pc + 1 + ins.Jf, set); }
            }
            else Flow(pc + 1, set);
        }
        return null;

        void Flow(int target, int set)
        {
            if (reached[target]) stored[target] &= set;
            else { reached[target] = true; stored[target] = set; }
        }
    }

    private static bool IsKnown(ushort code) => Decode(code) != Op.Invalid;

}

/// <summary>A program the kernel would refuse; the message names the instruction and the rule.</summary>
public sealed class BpfValidationException(string message) : Exception(message);

internal static class Shift
{
    // Shifts by 32 or more give 0 (C leaves them undefined; libpcap's interpreter returns 0 too).
    public static uint Left(uint value, uint count) => count < 32 ? value << (int)count : 0;
    public static uint Right(uint value, uint count) => count < 32 ? value >> (int)count : 0;
}
