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

    /// <summary>Wraps and validates <paramref name="instructions"/>; throws <see cref="BpfValidationException"/>.</summary>
    public BpfProgram(ReadOnlySpan<BpfInstruction> instructions)
    {
        _instructions = instructions.ToArray();
        string? problem = Check(_instructions);
        if (problem is not null) throw new BpfValidationException(problem);
    }

    public ReadOnlySpan<BpfInstruction> Instructions => _instructions;

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
    public uint Run(ReadOnlySpan<byte> packet, int wireLength)
    {
        Span<uint> mem = stackalloc uint[BpfOp.MemoryWords];
        ref BpfInstruction first = ref MemoryMarshal.GetArrayDataReference(_instructions);
        uint a = 0, x = 0;
        int pc = 0;
        uint length = (uint)packet.Length;
        while (true)
        {
            BpfInstruction ins = Unsafe.Add(ref first, pc++);
            uint k = ins.K;
            switch (ins.Code)
            {
                case BpfOp.Ret | BpfOp.K: return k;
                case BpfOp.Ret | BpfOp.RetA: return a;

                case BpfOp.Ld | BpfOp.W | BpfOp.Abs:
                    if (k > length || length - k < 4) return 0;
                    a = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice((int)k));
                    break;
                case BpfOp.Ld | BpfOp.H | BpfOp.Abs:
                    if (k > length || length - k < 2) return 0;
                    a = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice((int)k));
                    break;
                case BpfOp.Ld | BpfOp.B | BpfOp.Abs:
                    if (k >= length) return 0;
                    a = packet[(int)k];
                    break;
                case BpfOp.Ld | BpfOp.W | BpfOp.Ind:
                {
                    ulong at = (ulong)x + k;
                    if (at + 4 > length) return 0;
                    a = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice((int)at));
                    break;
                }
                case BpfOp.Ld | BpfOp.H | BpfOp.Ind:
                {
                    ulong at = (ulong)x + k;
                    if (at + 2 > length) return 0;
                    a = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice((int)at));
                    break;
                }
                case BpfOp.Ld | BpfOp.B | BpfOp.Ind:
                {
                    ulong at = (ulong)x + k;
                    if (at >= length) return 0;
                    a = packet[(int)at];
                    break;
                }
                case BpfOp.Ldx | BpfOp.B | BpfOp.Msh:
                    if (k >= length) return 0;
                    x = (uint)(packet[(int)k] & 0xf) << 2;
                    break;
                case BpfOp.Ld | BpfOp.W | BpfOp.Len: a = (uint)wireLength; break;
                case BpfOp.Ldx | BpfOp.W | BpfOp.Len: x = (uint)wireLength; break;
                case BpfOp.Ld | BpfOp.Imm: a = k; break;
                case BpfOp.Ldx | BpfOp.Imm: x = k; break;
                case BpfOp.Ld | BpfOp.Mem: a = mem[(int)k]; break;
                case BpfOp.Ldx | BpfOp.Mem: x = mem[(int)k]; break;
                case BpfOp.St: mem[(int)k] = a; break;
                case BpfOp.Stx: mem[(int)k] = x; break;

                case BpfOp.Jmp | BpfOp.Ja: pc += (int)k; break;
                case BpfOp.Jmp | BpfOp.Jeq | BpfOp.K: pc += a == k ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jgt | BpfOp.K: pc += a > k ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jge | BpfOp.K: pc += a >= k ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jset | BpfOp.K: pc += (a & k) != 0 ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jeq | BpfOp.X: pc += a == x ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jgt | BpfOp.X: pc += a > x ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jge | BpfOp.X: pc += a >= x ? ins.Jt : ins.Jf; break;
                case BpfOp.Jmp | BpfOp.Jset | BpfOp.X: pc += (a & x) != 0 ? ins.Jt : ins.Jf; break;

                case BpfOp.Alu | BpfOp.Add | BpfOp.K: a += k; break;
                case BpfOp.Alu | BpfOp.Sub | BpfOp.K: a -= k; break;
                case BpfOp.Alu | BpfOp.Mul | BpfOp.K: a *= k; break;
                case BpfOp.Alu | BpfOp.Div | BpfOp.K: a /= k; break;
                case BpfOp.Alu | BpfOp.Mod | BpfOp.K: a %= k; break;
                case BpfOp.Alu | BpfOp.And | BpfOp.K: a &= k; break;
                case BpfOp.Alu | BpfOp.Or | BpfOp.K: a |= k; break;
                case BpfOp.Alu | BpfOp.Xor | BpfOp.K: a ^= k; break;
                case BpfOp.Alu | BpfOp.Lsh | BpfOp.K: a = Shift.Left(a, k); break;
                case BpfOp.Alu | BpfOp.Rsh | BpfOp.K: a = Shift.Right(a, k); break;
                case BpfOp.Alu | BpfOp.Add | BpfOp.X: a += x; break;
                case BpfOp.Alu | BpfOp.Sub | BpfOp.X: a -= x; break;
                case BpfOp.Alu | BpfOp.Mul | BpfOp.X: a *= x; break;
                case BpfOp.Alu | BpfOp.Div | BpfOp.X: if (x == 0) return 0; a /= x; break;
                case BpfOp.Alu | BpfOp.Mod | BpfOp.X: if (x == 0) return 0; a %= x; break;
                case BpfOp.Alu | BpfOp.And | BpfOp.X: a &= x; break;
                case BpfOp.Alu | BpfOp.Or | BpfOp.X: a |= x; break;
                case BpfOp.Alu | BpfOp.Xor | BpfOp.X: a ^= x; break;
                case BpfOp.Alu | BpfOp.Lsh | BpfOp.X: a = Shift.Left(a, x); break;
                case BpfOp.Alu | BpfOp.Rsh | BpfOp.X: a = Shift.Right(a, x); break;
                case BpfOp.Alu | BpfOp.Neg: a = 0u - a; break;

                case BpfOp.Misc | BpfOp.Tax: x = a; break;
                case BpfOp.Misc | BpfOp.Txa: a = x; break;
                default: return 0; // unreachable: validation rejects unknown codes
            }
        }
    }

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

    private static bool IsKnown(ushort code) => code switch
    {
        BpfOp.Ret | BpfOp.K or BpfOp.Ret | BpfOp.RetA => true,
        BpfOp.Ld | BpfOp.W | BpfOp.Abs or BpfOp.Ld | BpfOp.H | BpfOp.Abs or BpfOp.Ld | BpfOp.B | BpfOp.Abs => true,
        BpfOp.Ld | BpfOp.W | BpfOp.Ind or BpfOp.Ld | BpfOp.H | BpfOp.Ind or BpfOp.Ld | BpfOp.B | BpfOp.Ind => true,
        BpfOp.Ldx | BpfOp.B | BpfOp.Msh or BpfOp.Ld | BpfOp.W | BpfOp.Len or BpfOp.Ldx | BpfOp.W | BpfOp.Len => true,
        BpfOp.Ld | BpfOp.Imm or BpfOp.Ldx | BpfOp.Imm or BpfOp.Ld | BpfOp.Mem or BpfOp.Ldx | BpfOp.Mem => true,
        BpfOp.St or BpfOp.Stx or BpfOp.Misc | BpfOp.Tax or BpfOp.Misc | BpfOp.Txa => true,
        BpfOp.Jmp | BpfOp.Ja => true,
        BpfOp.Alu | BpfOp.Neg => true,
        _ when BpfOp.ClassOf(code) == BpfOp.Jmp => (code & ~0xf8) == BpfOp.Jmp && BpfOp.OpOf(code) is BpfOp.Jeq or BpfOp.Jgt or BpfOp.Jge or BpfOp.Jset,
        _ when BpfOp.ClassOf(code) == BpfOp.Alu => (code & ~0xf8) == BpfOp.Alu && BpfOp.OpOf(code) is BpfOp.Add or BpfOp.Sub or BpfOp.Mul
            or BpfOp.Div or BpfOp.Or or BpfOp.And or BpfOp.Lsh or BpfOp.Rsh or BpfOp.Mod or BpfOp.Xor,
        _ => false,
    };
}

/// <summary>A program the kernel would refuse; the message names the instruction and the rule.</summary>
public sealed class BpfValidationException(string message) : Exception(message);

internal static class Shift
{
    // Shifts by 32 or more give 0 (C leaves them undefined; libpcap's interpreter returns 0 too).
    public static uint Left(uint value, uint count) => count < 32 ? value << (int)count : 0;
    public static uint Right(uint value, uint count) => count < 32 ? value >> (int)count : 0;
}
