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
    public static BpfInstruction Statement(ushort code, uint k = 0) => new(code, 0, 0, k);
    public static BpfInstruction Jump(ushort code, uint k, byte jt, byte jf) => new(code, jt, jf, k);

    public int Class => Code & 0x07;
    public bool IsJump => Class == BpfOp.Jmp;
    public bool IsReturn => Class == BpfOp.Ret;
}

/// <summary>The opcode fields of classic BPF (linux/filter.h, bpf_common.h).</summary>
public static class BpfOp
{
    // Classes.
    public const int Ld = 0x00, Ldx = 0x01, St = 0x02, Stx = 0x03, Alu = 0x04, Jmp = 0x05, Ret = 0x06, Misc = 0x07;
    // Sizes.
    public const int W = 0x00, H = 0x08, B = 0x10;
    // Modes.
    public const int Imm = 0x00, Abs = 0x20, Ind = 0x40, Mem = 0x60, Len = 0x80, Msh = 0xa0;
    // ALU operations.
    public const int Add = 0x00, Sub = 0x10, Mul = 0x20, Div = 0x30, Or = 0x40, And = 0x50, Lsh = 0x60, Rsh = 0x70,
        Neg = 0x80, Mod = 0x90, Xor = 0xa0;
    // Jumps.
    public const int Ja = 0x00, Jeq = 0x10, Jgt = 0x20, Jge = 0x30, Jset = 0x40;
    // Sources.
    public const int K = 0x00, X = 0x08;
    // Return value source.
    public const int RetA = 0x10;
    // Misc.
    public const int Tax = 0x00, Txa = 0x80;

    /// <summary>The kernel's limit on classic BPF program length (BPF_MAXINSNS).</summary>
    public const int MaxInstructions = 4096;
    /// <summary>Number of scratch memory words (BPF_MEMWORDS).</summary>
    public const int MemoryWords = 16;

    public static int ClassOf(int code) => code & 0x07;
    public static int SizeOf(int code) => code & 0x18;
    public static int ModeOf(int code) => code & 0xe0;
    public static int OpOf(int code) => code & 0xf0;
    public static int SrcOf(int code) => code & 0x08;
}
