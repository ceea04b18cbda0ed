using System.Runtime.InteropServices;

namespace SockScope.Net.Ebpf;

/// <summary>The eleven eBPF registers: R0 return value, R1-R5 arguments, R6-R9 callee-saved, R10 frame pointer.</summary>
public enum Register : byte
{
    /// <summary>Return value of the program and of helper calls.</summary>
    R0,
    /// <summary>First argument of a helper call; on entry, the program's context pointer.</summary>
    R1,
    /// <summary>Second argument of a helper call.</summary>
    R2,
    /// <summary>Third argument of a helper call.</summary>
    R3,
    /// <summary>Fourth argument of a helper call.</summary>
    R4,
    /// <summary>Fifth argument of a helper call.</summary>
    R5,
    /// <summary>Callee-saved: survives helper calls (programs usually keep the context pointer here).</summary>
    R6,
    /// <summary>Callee-saved: survives helper calls.</summary>
    R7,
    /// <summary>Callee-saved: survives helper calls.</summary>
    R8,
    /// <summary>Callee-saved: survives helper calls.</summary>
    R9,
    /// <summary>Read-only frame pointer: the top of the program's 512-byte stack (use negative offsets).</summary>
    R10,
}

/// <summary>
/// One eBPF instruction (struct bpf_insn, 8 bytes): opcode, destination and source registers
/// in one byte (dst in the low nibble), signed 16-bit offset, signed 32-bit immediate.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly record struct EbpfInstruction
{
    /// <summary>Encodes one instruction.</summary>
    /// <param name="opcode">The opcode byte: class, size or operation, mode or source bits (linux/bpf_common.h).</param>
    /// <param name="destination">dst_reg, stored in the low nibble.</param>
    /// <param name="source">src_reg, stored in the high nibble (also the pseudo-source of a 64-bit immediate load).</param>
    /// <param name="offset">The signed 16-bit offset: a memory displacement in bytes, or a jump distance in instruction slots.</param>
    /// <param name="immediate">The signed 32-bit immediate operand (or helper number of a call).</param>
    public EbpfInstruction(byte opcode, Register destination, Register source, short offset, int immediate)
    {
        Opcode = opcode;
        Registers = (byte)(((byte)source << 4) | ((byte)destination & 0x0F));
        Offset = offset;
        Immediate = immediate;
    }

    /// <summary>The opcode byte (the operation class in its low three bits).</summary>
    public byte Opcode { get; }
    /// <summary>The register byte as the kernel lays it out: dst_reg in bits 0-3, src_reg in bits 4-7.</summary>
    public byte Registers { get; }
    /// <summary>The signed offset: bytes for loads and stores, instruction slots after this one for jumps.</summary>
    public short Offset { get; }
    /// <summary>The signed 32-bit immediate operand (helper number for a call, the next 32 bits for the second slot of a 64-bit load).</summary>
    public int Immediate { get; }

    /// <summary>dst_reg, the register written or compared.</summary>
    public Register Destination => (Register)(Registers & 0x0F);
    /// <summary>src_reg, the register read as the second operand.</summary>
    public Register Source => (Register)(Registers >> 4);

    /// <summary>This instruction with its offset replaced; used to resolve a jump to its label.</summary>
    public EbpfInstruction WithOffset(short offset) => new(Opcode, Destination, Source, offset, Immediate);

    /// <summary>The fields as text, e.g. <c>{ op=0xb7 dst=R0 src=R0 off=0 imm=0 }</c>, for debugging.</summary>
    public override string ToString() => $"{{ op=0x{Opcode:x2} dst={Destination} src={Source} off={Offset} imm={Immediate} }}";
}

/// <summary>Opcode parts of linux/bpf_common.h and linux/bpf.h.</summary>
internal static class BpfOpcodes
{
    // Classes.
    public const byte LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07;
    // Sizes.
    public const byte W = 0x00, H = 0x08, B = 0x10, DW = 0x18;
    // Modes.
    public const byte IMM = 0x00, MEM = 0x60, ATOMIC = 0xC0;
    // Source operand.
    public const byte K = 0x00, X = 0x08;
    // ALU operations.
    public const byte ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60, RSH = 0x70,
        NEG = 0x80, MOD = 0x90, XOR = 0xA0, MOV = 0xB0, ARSH = 0xC0;
    // Jump operations.
    public const byte JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40, JNE = 0x50, JSGT = 0x60, JSGE = 0x70,
        CALL = 0x80, EXIT = 0x90, JLT = 0xA0, JLE = 0xB0, JSLT = 0xC0, JSLE = 0xD0;
    /// <summary>src_reg of a 64-bit immediate load that holds a map file descriptor.</summary>
    public const byte PSEUDO_MAP_FD = 1;
}

/// <summary>Memory access widths.</summary>
public enum BpfSize : byte
{
    /// <summary>A 32-bit word (BPF_W = 0x00).</summary>
    Word = BpfOpcodes.W,
    /// <summary>A 16-bit half word (BPF_H = 0x08).</summary>
    Half = BpfOpcodes.H,
    /// <summary>One byte (BPF_B = 0x10).</summary>
    Byte = BpfOpcodes.B,
    /// <summary>A 64-bit double word (BPF_DW = 0x18).</summary>
    DoubleWord = BpfOpcodes.DW,
}
