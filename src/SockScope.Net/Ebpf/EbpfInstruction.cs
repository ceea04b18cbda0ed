using System.Runtime.InteropServices;

namespace SockScope.Net.Ebpf;

/// <summary>The eleven eBPF registers: R0 return value, R1-R5 arguments, R6-R9 callee-saved, R10 frame pointer.</summary>
public enum Register : byte
{
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10,
}

/// <summary>
/// One eBPF instruction (struct bpf_insn, 8 bytes): opcode, destination and source registers
/// in one byte (dst in the low nibble), signed 16-bit offset, signed 32-bit immediate.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly record struct EbpfInstruction
{
    public EbpfInstruction(byte opcode, Register destination, Register source, short offset, int immediate)
    {
        Opcode = opcode;
        Registers = (byte)(((byte)source << 4) | ((byte)destination & 0x0F));
        Offset = offset;
        Immediate = immediate;
    }

    public byte Opcode { get; }
    public byte Registers { get; }
    public short Offset { get; }
    public int Immediate { get; }

    public Register Destination => (Register)(Registers & 0x0F);
    public Register Source => (Register)(Registers >> 4);

    public EbpfInstruction WithOffset(short offset) => new(Opcode, Destination, Source, offset, Immediate);

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
    Word = BpfOpcodes.W,
    Half = BpfOpcodes.H,
    Byte = BpfOpcodes.B,
    DoubleWord = BpfOpcodes.DW,
}
