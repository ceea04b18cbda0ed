using System.Runtime.InteropServices;

namespace SockScope.Filter;

/// <summary>
/// One classic BPF instruction, laid out exactly like the kernel's <c>struct sock_filter</c>
/// {u16 code; u8 jt; u8 jf; u32 k} (8 bytes), so an array of them can be handed to
/// SO_ATTACH_FILTER as it is.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4, Size = 8)]
public readonly record struct BpfInstruction(ushort Code, byte Jt, byte Jf, uint K)
{
    /// <summary>A non-jump instruction (BPF_STMT): opcode and constant.</summary>
    public static BpfInstruction Statement(ushort code, uint k = 0) => new(code, 0, 0, k);
    /// <summary>A jump (BPF_JUMP): opcode, constant, and the forward offsets when true and when false.</summary>
    public static BpfInstruction Jump(ushort code, uint k, byte jt, byte jf) => new(code, jt, jf, k);

    /// <summary>The instruction class (<see cref="BpfOp.Ld"/> ... <see cref="BpfOp.Misc"/>).</summary>
    public int Class => Code & 0x07;
    /// <summary>True for a jump (class <see cref="BpfOp.Jmp"/>).</summary>
    public bool IsJump => Class == BpfOp.Jmp;
    /// <summary>True for a return (class <see cref="BpfOp.Ret"/>): the program ends with its value.</summary>
    public bool IsReturn => Class == BpfOp.Ret;
}

/// <summary>The opcode fields of classic BPF (linux/filter.h, bpf_common.h).</summary>
public static class BpfOp
{
    /// <summary>Class: load into the accumulator A.</summary>
    public const int Ld = 0x00;
    /// <summary>Class: load into the index register X.</summary>
    public const int Ldx = 0x01;
    /// <summary>Class: store A into scratch memory.</summary>
    public const int St = 0x02;
    /// <summary>Class: store X into scratch memory.</summary>
    public const int Stx = 0x03;
    /// <summary>Class: arithmetic and logic on A.</summary>
    public const int Alu = 0x04;
    /// <summary>Class: jump.</summary>
    public const int Jmp = 0x05;
    /// <summary>Class: return (the number of bytes to keep; 0 drops the packet).</summary>
    public const int Ret = 0x06;
    /// <summary>Class: register transfers (tax, txa).</summary>
    public const int Misc = 0x07;

    /// <summary>Size: a 32-bit word.</summary>
    public const int W = 0x00;
    /// <summary>Size: a 16-bit half word.</summary>
    public const int H = 0x08;
    /// <summary>Size: one byte.</summary>
    public const int B = 0x10;

    /// <summary>Mode: the constant k.</summary>
    public const int Imm = 0x00;
    /// <summary>Mode: the packet at offset k.</summary>
    public const int Abs = 0x20;
    /// <summary>Mode: the packet at offset X + k.</summary>
    public const int Ind = 0x40;
    /// <summary>Mode: scratch memory word k.</summary>
    public const int Mem = 0x60;
    /// <summary>Mode: the packet's length.</summary>
    public const int Len = 0x80;
    /// <summary>Mode: 4 * (packet[k] &amp; 0xf), the IPv4 header length idiom (ldx only).</summary>
    public const int Msh = 0xa0;

    /// <summary>ALU: A + operand.</summary>
    public const int Add = 0x00;
    /// <summary>ALU: A - operand.</summary>
    public const int Sub = 0x10;
    /// <summary>ALU: A * operand.</summary>
    public const int Mul = 0x20;
    /// <summary>ALU: A / operand (division by zero ends the program with 0).</summary>
    public const int Div = 0x30;
    /// <summary>ALU: A | operand.</summary>
    public const int Or = 0x40;
    /// <summary>ALU: A &amp; operand.</summary>
    public const int And = 0x50;
    /// <summary>ALU: A &lt;&lt; operand.</summary>
    public const int Lsh = 0x60;
    /// <summary>ALU: A &gt;&gt; operand.</summary>
    public const int Rsh = 0x70;
    /// <summary>ALU: -A.</summary>
    public const int Neg = 0x80;
    /// <summary>ALU: A % operand.</summary>
    public const int Mod = 0x90;
    /// <summary>ALU: A ^ operand.</summary>
    public const int Xor = 0xa0;

    /// <summary>Jump: always, k instructions forward.</summary>
    public const int Ja = 0x00;
    /// <summary>Jump: when A == operand.</summary>
    public const int Jeq = 0x10;
    /// <summary>Jump: when A &gt; operand.</summary>
    public const int Jgt = 0x20;
    /// <summary>Jump: when A &gt;= operand.</summary>
    public const int Jge = 0x30;
    /// <summary>Jump: when A &amp; operand is not 0.</summary>
    public const int Jset = 0x40;

    /// <summary>Operand source: the constant k.</summary>
    public const int K = 0x00;
    /// <summary>Operand source: the index register X.</summary>
    public const int X = 0x08;

    /// <summary>Return source: the accumulator A (else the constant k).</summary>
    public const int RetA = 0x10;

    /// <summary>Misc: copy A to X.</summary>
    public const int Tax = 0x00;
    /// <summary>Misc: copy X to A.</summary>
    public const int Txa = 0x80;

    /// <summary>The kernel's limit on classic BPF program length (BPF_MAXINSNS).</summary>
    public const int MaxInstructions = 4096;
    /// <summary>Number of scratch memory words (BPF_MEMWORDS).</summary>
    public const int MemoryWords = 16;

    /// <summary>The class bits of an opcode.</summary>
    public static int ClassOf(int code) => code & 0x07;
    /// <summary>The size bits of a load or store opcode.</summary>
    public static int SizeOf(int code) => code & 0x18;
    /// <summary>The mode bits of a load or store opcode.</summary>
    public static int ModeOf(int code) => code & 0xe0;
    /// <summary>The operation bits of an ALU or jump opcode.</summary>
    public static int OpOf(int code) => code & 0xf0;
    /// <summary>The operand source bit (<see cref="K"/> or <see cref="X"/>).</summary>
    public static int SrcOf(int code) => code & 0x08;
}
