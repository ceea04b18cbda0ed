using static SockScope.Net.Ebpf.BpfOpcodes;

namespace SockScope.Net.Ebpf;

/// <summary>64-bit arithmetic: <c>Alu64.Mov(R0, 0)</c>, <c>Alu64.Add(R1, R2)</c>, ...</summary>
public static class Alu64
{
    private static EbpfInstruction Op(byte op, Register dst, int imm) => new((byte)(ALU64 | op | K), dst, Register.R0, 0, imm);
    private static EbpfInstruction Op(byte op, Register dst, Register src) => new((byte)(ALU64 | op | X), dst, src, 0, 0);

    public static EbpfInstruction Mov(Register dst, int imm) => Op(MOV, dst, imm);
    public static EbpfInstruction Mov(Register dst, Register src) => Op(MOV, dst, src);
    public static EbpfInstruction Add(Register dst, int imm) => Op(ADD, dst, imm);
    public static EbpfInstruction Add(Register dst, Register src) => Op(ADD, dst, src);
    public static EbpfInstruction Sub(Register dst, int imm) => Op(SUB, dst, imm);
    public static EbpfInstruction Sub(Register dst, Register src) => Op(SUB, dst, src);
    public static EbpfInstruction Mul(Register dst, int imm) => Op(MUL, dst, imm);
    public static EbpfInstruction And(Register dst, int imm) => Op(AND, dst, imm);
    public static EbpfInstruction And(Register dst, Register src) => Op(AND, dst, src);
    public static EbpfInstruction Or(Register dst, int imm) => Op(OR, dst, imm);
    public static EbpfInstruction Or(Register dst, Register src) => Op(OR, dst, src);
    public static EbpfInstruction Xor(Register dst, int imm) => Op(XOR, dst, imm);
    public static EbpfInstruction Lsh(Register dst, int imm) => Op(LSH, dst, imm);
    public static EbpfInstruction Rsh(Register dst, int imm) => Op(RSH, dst, imm);
    public static EbpfInstruction Arsh(Register dst, int imm) => Op(ARSH, dst, imm);
}

/// <summary>32-bit arithmetic (the upper half of the destination is zeroed).</summary>
public static class Alu32
{
    public static EbpfInstruction Mov(Register dst, int imm) => new((byte)(ALU | MOV | K), dst, Register.R0, 0, imm);
    public static EbpfInstruction Mov(Register dst, Register src) => new((byte)(ALU | MOV | X), dst, src, 0, 0);
    public static EbpfInstruction And(Register dst, int imm) => new((byte)(ALU | AND | K), dst, Register.R0, 0, imm);
}

/// <summary>Loads and stores: <c>Mem.Load(BpfSize.Word, R1, R6, 16)</c> is r1 = *(u32 *)(r6 + 16).</summary>
public static class Mem
{
    public static EbpfInstruction Load(BpfSize size, Register dst, Register src, short offset) =>
        new((byte)(LDX | MEM | (byte)size), dst, src, offset, 0);

    /// <summary>*(size *)(dst + offset) = src.</summary>
    public static EbpfInstruction Store(BpfSize size, Register dst, short offset, Register src) =>
        new((byte)(STX | MEM | (byte)size), dst, src, offset, 0);

    /// <summary>*(size *)(dst + offset) = imm.</summary>
    public static EbpfInstruction StoreImmediate(BpfSize size, Register dst, short offset, int imm) =>
        new((byte)(ST | MEM | (byte)size), dst, Register.R0, offset, imm);

    /// <summary>Atomic *(u64 *)(dst + offset) += src (BPF_ATOMIC with BPF_ADD).</summary>
    public static EbpfInstruction AtomicAdd64(Register dst, short offset, Register src) =>
        new((byte)(STX | ATOMIC | DW), dst, src, offset, ADD);
}

/// <summary>64-bit immediate loads: two instruction slots each.</summary>
public static class Ld
{
    public static EbpfInstruction[] Imm64(Register dst, long value) =>
    [
        new((byte)(LD | IMM | DW), dst, Register.R0, 0, unchecked((int)value)),
        new(0, Register.R0, Register.R0, 0, unchecked((int)(value >> 32))),
    ];

    /// <summary>dst = the map behind file descriptor <paramref name="mapFd"/> (the loader turns it into a map pointer).</summary>
    public static EbpfInstruction[] MapFd(Register dst, int mapFd) =>
    [
        new((byte)(LD | IMM | DW), dst, (Register)PSEUDO_MAP_FD, 0, mapFd),
        new(0, Register.R0, Register.R0, 0, 0),
    ];
}

/// <summary>Jumps, calls and exit. A jump's offset is filled in by <see cref="EbpfAssembler"/> from a label.</summary>
public static class Jmp
{
    private static EbpfInstruction Op(byte op, Register dst, int imm) => new((byte)(JMP | op | K), dst, Register.R0, 0, imm);
    private static EbpfInstruction Op(byte op, Register dst, Register src) => new((byte)(JMP | op | X), dst, src, 0, 0);

    public static EbpfInstruction Ja() => new((byte)(JMP | JA), Register.R0, Register.R0, 0, 0);
    public static EbpfInstruction Jeq(Register dst, int imm) => Op(JEQ, dst, imm);
    public static EbpfInstruction Jeq(Register dst, Register src) => Op(JEQ, dst, src);
    public static EbpfInstruction Jne(Register dst, int imm) => Op(JNE, dst, imm);
    public static EbpfInstruction Jne(Register dst, Register src) => Op(JNE, dst, src);
    public static EbpfInstruction Jgt(Register dst, int imm) => Op(JGT, dst, imm);
    public static EbpfInstruction Jge(Register dst, int imm) => Op(JGE, dst, imm);
    public static EbpfInstruction Jlt(Register dst, int imm) => Op(JLT, dst, imm);
    public static EbpfInstruction Jle(Register dst, int imm) => Op(JLE, dst, imm);
    public static EbpfInstruction Jslt(Register dst, int imm) => Op(JSLT, dst, imm);
    public static EbpfInstruction Jsgt(Register dst, int imm) => Op(JSGT, dst, imm);
    public static EbpfInstruction Call(BpfHelper helper) => new((byte)(JMP | CALL), Register.R0, Register.R0, 0, (int)helper);
    public static EbpfInstruction Exit() => new((byte)(JMP | EXIT), Register.R0, Register.R0, 0, 0);
}

/// <summary>The kernel helper functions SockScope calls (numbers from linux/bpf.h's helper list).</summary>
public enum BpfHelper
{
    MapLookupElem = 1,
    MapUpdateElem = 2,
    MapDeleteElem = 3,
    KtimeGetNs = 5,
    GetCurrentPidTgid = 14,
    GetCurrentUidGid = 15,
    GetCurrentComm = 16,
    GetCurrentCgroupId = 80,
    ProbeReadUser = 112,
    RingbufOutput = 130,
    RingbufReserve = 131,
    RingbufSubmit = 132,
    RingbufDiscard = 133,
}
