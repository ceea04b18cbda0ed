using static SockScope.Net.Ebpf.BpfOpcodes;

namespace SockScope.Net.Ebpf;

/// <summary>64-bit arithmetic: <c>Alu64.Mov(R0, 0)</c>, <c>Alu64.Add(R1, R2)</c>, ...</summary>
public static class Alu64
{
    private static EbpfInstruction Op(byte op, Register dst, int imm) => new((byte)(ALU64 | op | K), dst, Register.R0, 0, imm);
    private static EbpfInstruction Op(byte op, Register dst, Register src) => new((byte)(ALU64 | op | X), dst, src, 0, 0);

    /// <summary><c>dst = imm</c>, the 32-bit immediate sign-extended to 64 bits (BPF_ALU64 | BPF_MOV | BPF_K).</summary>
    public static EbpfInstruction Mov(Register dst, int imm) => Op(MOV, dst, imm);
    /// <summary><c>dst = src</c>, all 64 bits (BPF_ALU64 | BPF_MOV | BPF_X).</summary>
    public static EbpfInstruction Mov(Register dst, Register src) => Op(MOV, dst, src);
    /// <summary><c>dst += imm</c>, the immediate sign-extended, wrapping modulo 2^64.</summary>
    public static EbpfInstruction Add(Register dst, int imm) => Op(ADD, dst, imm);
    /// <summary><c>dst += src</c>, wrapping modulo 2^64.</summary>
    public static EbpfInstruction Add(Register dst, Register src) => Op(ADD, dst, src);
    /// <summary><c>dst -= imm</c>, the immediate sign-extended, wrapping modulo 2^64.</summary>
    public static EbpfInstruction Sub(Register dst, int imm) => Op(SUB, dst, imm);
    /// <summary><c>dst -= src</c>, wrapping modulo 2^64.</summary>
    public static EbpfInstruction Sub(Register dst, Register src) => Op(SUB, dst, src);
    /// <summary><c>dst *= imm</c>, unsigned 64-bit multiply keeping the low 64 bits.</summary>
    public static EbpfInstruction Mul(Register dst, int imm) => Op(MUL, dst, imm);
    /// <summary><c>dst &amp;= imm</c>, the immediate sign-extended (so a negative mask keeps the upper half).</summary>
    public static EbpfInstruction And(Register dst, int imm) => Op(AND, dst, imm);
    /// <summary><c>dst &amp;= src</c>, bitwise over 64 bits.</summary>
    public static EbpfInstruction And(Register dst, Register src) => Op(AND, dst, src);
    /// <summary><c>dst |= imm</c>, the immediate sign-extended.</summary>
    public static EbpfInstruction Or(Register dst, int imm) => Op(OR, dst, imm);
    /// <summary><c>dst |= src</c>, bitwise over 64 bits.</summary>
    public static EbpfInstruction Or(Register dst, Register src) => Op(OR, dst, src);
    /// <summary><c>dst ^= imm</c>, the immediate sign-extended.</summary>
    public static EbpfInstruction Xor(Register dst, int imm) => Op(XOR, dst, imm);
    /// <summary><c>dst &lt;&lt;= imm</c>; the verifier requires a shift count of 0 to 63.</summary>
    public static EbpfInstruction Lsh(Register dst, int imm) => Op(LSH, dst, imm);
    /// <summary><c>dst &gt;&gt;= imm</c>, logical (zero-filling) shift; count 0 to 63.</summary>
    public static EbpfInstruction Rsh(Register dst, int imm) => Op(RSH, dst, imm);
    /// <summary><c>dst &gt;&gt;= imm</c>, arithmetic (sign-filling) shift; count 0 to 63.</summary>
    public static EbpfInstruction Arsh(Register dst, int imm) => Op(ARSH, dst, imm);
}

/// <summary>32-bit arithmetic (the upper half of the destination is zeroed).</summary>
public static class Alu32
{
    /// <summary><c>dst = (u32)imm</c>; the upper 32 bits of dst become zero.</summary>
    public static EbpfInstruction Mov(Register dst, int imm) => new((byte)(ALU | MOV | K), dst, Register.R0, 0, imm);
    /// <summary><c>dst = (u32)src</c>; the upper 32 bits of dst become zero.</summary>
    public static EbpfInstruction Mov(Register dst, Register src) => new((byte)(ALU | MOV | X), dst, src, 0, 0);
    /// <summary><c>dst = (u32)dst &amp; (u32)imm</c>; the upper 32 bits of dst become zero.</summary>
    public static EbpfInstruction And(Register dst, int imm) => new((byte)(ALU | AND | K), dst, Register.R0, 0, imm);
}

/// <summary>Loads and stores: <c>Mem.Load(BpfSize.Word, R1, R6, 16)</c> is r1 = *(u32 *)(r6 + 16).</summary>
public static class Mem
{
    /// <summary><c>dst = *(size *)(src + offset)</c>, zero-extended to 64 bits (BPF_LDX | BPF_MEM).</summary>
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
    /// <summary><c>dst = value</c>, a full 64-bit constant (BPF_LD | BPF_IMM | BPF_DW): two instruction slots, the low 32 bits in the first, the high in the second.</summary>
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

    /// <summary>An unconditional jump (BPF_JA) to the label given to <see cref="EbpfAssembler.Jump"/>.</summary>
    public static EbpfInstruction Ja() => new((byte)(JMP | JA), Register.R0, Register.R0, 0, 0);
    /// <summary>Jumps when <c>dst == imm</c> (the immediate sign-extended to 64 bits).</summary>
    public static EbpfInstruction Jeq(Register dst, int imm) => Op(JEQ, dst, imm);
    /// <summary>Jumps when <c>dst == src</c>.</summary>
    public static EbpfInstruction Jeq(Register dst, Register src) => Op(JEQ, dst, src);
    /// <summary>Jumps when <c>dst != imm</c>.</summary>
    public static EbpfInstruction Jne(Register dst, int imm) => Op(JNE, dst, imm);
    /// <summary>Jumps when <c>dst != src</c>.</summary>
    public static EbpfInstruction Jne(Register dst, Register src) => Op(JNE, dst, src);
    /// <summary>Jumps when <c>dst &gt; imm</c>, compared unsigned.</summary>
    public static EbpfInstruction Jgt(Register dst, int imm) => Op(JGT, dst, imm);
    /// <summary>Jumps when <c>dst &gt;= imm</c>, compared unsigned.</summary>
    public static EbpfInstruction Jge(Register dst, int imm) => Op(JGE, dst, imm);
    /// <summary>Jumps when <c>dst &lt; imm</c>, compared unsigned.</summary>
    public static EbpfInstruction Jlt(Register dst, int imm) => Op(JLT, dst, imm);
    /// <summary>Jumps when <c>dst &lt;= imm</c>, compared unsigned.</summary>
    public static EbpfInstruction Jle(Register dst, int imm) => Op(JLE, dst, imm);
    /// <summary>Jumps when <c>dst &lt; imm</c>, compared signed.</summary>
    public static EbpfInstruction Jslt(Register dst, int imm) => Op(JSLT, dst, imm);
    /// <summary>Jumps when <c>dst &gt; imm</c>, compared signed.</summary>
    public static EbpfInstruction Jsgt(Register dst, int imm) => Op(JSGT, dst, imm);
    /// <summary>Calls a kernel helper: arguments in R1-R5, result in R0; R1-R5 are clobbered, R6-R9 kept.</summary>
    public static EbpfInstruction Call(BpfHelper helper) => new((byte)(JMP | CALL), Register.R0, Register.R0, 0, (int)helper);
    /// <summary>Returns from the program with R0 as its result (BPF_JMP | BPF_EXIT).</summary>
    public static EbpfInstruction Exit() => new((byte)(JMP | EXIT), Register.R0, Register.R0, 0, 0);
}

/// <summary>The kernel helper functions SockScope calls (numbers from linux/bpf.h's helper list).</summary>
public enum BpfHelper
{
    /// <summary><c>bpf_map_lookup_elem(map, key)</c>: a pointer to the value, or NULL when the key is absent.</summary>
    MapLookupElem = 1,
    /// <summary><c>bpf_map_update_elem(map, key, value, flags)</c>: 0 or a negative errno.</summary>
    MapUpdateElem = 2,
    /// <summary><c>bpf_map_delete_elem(map, key)</c>: 0 or a negative errno.</summary>
    MapDeleteElem = 3,
    /// <summary><c>bpf_ktime_get_ns()</c>: nanoseconds of CLOCK_MONOTONIC (time since boot, suspend not counted).</summary>
    KtimeGetNs = 5,
    /// <summary><c>bpf_get_current_pid_tgid()</c>: the thread group id (user-space pid) in the upper 32 bits, the thread id in the lower.</summary>
    GetCurrentPidTgid = 14,
    /// <summary><c>bpf_get_current_uid_gid()</c>: the gid in the upper 32 bits, the uid in the lower.</summary>
    GetCurrentUidGid = 15,
    /// <summary><c>bpf_get_current_comm(buf, size)</c>: copies the task's command name (up to 16 bytes, NUL-terminated).</summary>
    GetCurrentComm = 16,
    /// <summary><c>bpf_get_current_task()</c>: the current task_struct's kernel address, to follow with <see cref="ProbeReadKernel"/> (Linux 4.8).</summary>
    GetCurrentTask = 35,
    /// <summary><c>bpf_get_current_cgroup_id()</c>: the cgroup v2 id of the current task (Linux 4.18).</summary>
    GetCurrentCgroupId = 80,
    /// <summary><c>bpf_probe_read_user(dst, size, unsafe_ptr)</c>: copies user memory; 0 or a negative errno (Linux 5.5).</summary>
    ProbeReadUser = 112,
    /// <summary><c>bpf_probe_read_kernel(dst, size, unsafe_ptr)</c>: copies kernel memory; 0 or a negative errno (Linux 5.5).</summary>
    ProbeReadKernel = 113,
    /// <summary><c>bpf_ringbuf_output(ringbuf, data, size, flags)</c>: copies a record into a ring buffer (Linux 5.8).</summary>
    RingbufOutput = 130,
    /// <summary><c>bpf_ringbuf_reserve(ringbuf, size, flags)</c>: a pointer to reserved space, or NULL when the buffer is full.</summary>
    RingbufReserve = 131,
    /// <summary><c>bpf_ringbuf_submit(data, flags)</c>: publishes a reserved record.</summary>
    RingbufSubmit = 132,
    /// <summary><c>bpf_ringbuf_discard(data, flags)</c>: drops a reserved record unseen.</summary>
    RingbufDiscard = 133,
}
