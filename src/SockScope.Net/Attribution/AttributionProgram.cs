using SockScope.Net.Ebpf;
using SockScope.Net.Observability;
using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Attribution;

/// <summary>The socket calls whose destination names a flow's far end (or, for bind, its near end).</summary>
public enum AttributedCall : byte
{
    /// <summary>bind(2): the local address of a server or of an explicitly bound client.</summary>
    Bind = 1,
    /// <summary>connect(2): TCP connections, connected UDP (DNS through glibc), iputils' route probe.</summary>
    Connect = 2,
    /// <summary>sendto(2) with an address: unconnected UDP, ICMP echo.</summary>
    SendTo = 3,
    /// <summary>sendmsg(2) with msg_name: iputils ping, resolvers.</summary>
    SendMsg = 4,
}

/// <summary>Which events the kernel keeps (before anything reaches the ring buffer).</summary>
public sealed record AttributionKernelFilter : ProcessCriteria
{
    /// <summary>
    /// A network namespace (the inode of <c>/proc/PID/ns/net</c>) to keep: calls made in another
    /// namespace name sockets a capture here never sees. Applied only where the kernel's BTF gives
    /// the offsets (<see cref="SocketCallEvents.FiltersNamespaceInKernel"/>); otherwise ignored, and
    /// the caller checks the process's namespace itself.
    /// </summary>
    public uint? NetworkNamespace { get; init; }
}

/// <summary>Layout of the attribution records (SockScope's own format, little-endian).</summary>
internal static class AttributionRecord
{
    public const int Time = 0;          // u64 bpf_ktime_get_ns
    public const int Tid = 8;           // u32
    public const int Pid = 12;          // u32
    public const int Uid = 16;          // u32
    public const int Gid = 20;          // u32
    public const int CgroupId = 24;     // u64
    public const int Command = 32;      // char[16]
    public const int Call = 48;         // u8 AttributedCall
    public const int AddressLength = 50;// u16
    public const int Address = 56;      // struct sockaddr_in6 at most (28 bytes), in a 32-byte field
    public const int AddressCapacity = 28;
    public const int Size = 88;
}

/// <summary>
/// Generates the tracepoint programs of process attribution: on entry to bind, connect, sendto
/// and sendmsg, read the sockaddr from user memory and, when it is AF_INET or AF_INET6, write
/// pid, tid, uid, gid, cgroup id, comm and the sockaddr into the ring buffer. Nothing is kept in
/// the kernel between calls, so no map grows with the number of connections.
/// </summary>
internal static class AttributionProgram
{
    private const short CommandSlot = -16;    // char[16]
    private const short MessageSlot = -32;    // struct msghdr: msg_name (8), msg_namelen (4), pad
    private const short LostKeySlot = -36;
    private const short AddressSlot = -72;    // struct sockaddr_in6 (28 bytes) in a 32-byte slot
    private const short NamespaceSlot = -80;  // the pointers followed to the namespace number

    /// <summary>The program for <paramref name="call"/>; <paramref name="namespacePath"/> (null: none) applies <see cref="AttributionKernelFilter.NetworkNamespace"/>.</summary>
    public static EbpfInstruction[] Entry(AttributedCall call, TracepointFormat format, AttributionKernelFilter filter, BpfMap ring, BpfMap lost, NetworkNamespacePath? namespacePath = null)
    {
        IReadOnlyList<TracepointField> args = SocketWatchProgram.SyscallArguments(format);
        var a = new EbpfAssembler();
        BpfLabel done = EventProgramFrame.Begin(a);
        EmitFilters(a, filter, done);

        // R9 = user pointer to the sockaddr, R8 (for now) = its length.
        switch (call)
        {
            case AttributedCall.Bind or AttributedCall.Connect:
                a.Emit(Mem.Load(BpfSize.DoubleWord, R9, R6, (short)args[1].Offset));
                a.Emit(Mem.Load(BpfSize.DoubleWord, R8, R6, (short)args[2].Offset));
                break;
            case AttributedCall.SendTo:
                a.Emit(Mem.Load(BpfSize.DoubleWord, R9, R6, (short)args[4].Offset));
                a.Emit(Mem.Load(BpfSize.DoubleWord, R8, R6, (short)args[5].Offset));
                break;
            case AttributedCall.SendMsg:
                a.Emit(Mem.Load(BpfSize.DoubleWord, R3, R6, (short)args[1].Offset));
                a.Jump(Jmp.Jeq(R3, 0), done);
                a.Emit(Alu64.Mov(R1, R10), Alu64.Add(R1, MessageSlot), Alu64.Mov(R2, 16));
                a.Emit(Jmp.Call(BpfHelper.ProbeReadUser));
                a.Jump(Jmp.Jne(R0, 0), done);
                a.Emit(Mem.Load(BpfSize.DoubleWord, R9, R10, MessageSlot));
                a.Emit(Mem.Load(BpfSize.Word, R8, R10, MessageSlot + 8));
                break;
        }
        a.Jump(Jmp.Jeq(R9, 0), done);                  // connected send: no address
        a.Emit(Alu32.Mov(R8, R8));                      // socklen_t: the low 32 bits
        a.Jump(Jmp.Jlt(R8, 4), done);
        BpfLabel bounded = a.NewLabel();
        a.Jump(Jmp.Jle(R8, AttributionRecord.AddressCapacity), bounded);
        a.Emit(Alu64.Mov(R8, AttributionRecord.AddressCapacity));
        a.Mark(bounded);
        // Read the sockaddr onto the stack first: anything but AF_INET / AF_INET6 (unix sockets send
        // a lot, packet sockets flood) leaves before the ring buffer is touched at all.
        a.Emit(Mem.Store(BpfSize.DoubleWord, R10, MessageSlot + 8, R8));
        for (short i = 0; i < 32; i += 8) a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R10, (short)(AddressSlot + i), 0));
        a.Emit(Alu64.Mov(R1, R10), Alu64.Add(R1, AddressSlot));
        a.Emit(Alu64.Mov(R2, R8), Alu64.Mov(R3, R9));
        a.Emit(Jmp.Call(BpfHelper.ProbeReadUser));
        a.Jump(Jmp.Jne(R0, 0), done);
        a.Emit(Mem.Load(BpfSize.Half, R1, R10, AddressSlot));
        BpfLabel inet = a.NewLabel();
        a.Jump(Jmp.Jeq(R1, 2), inet);
        a.Jump(Jmp.Jne(R1, 10), done);
        a.Mark(inet);
        // Only now, for the calls that would be recorded: the three pointer reads are the program's dearest part.
        if (filter.NetworkNamespace is uint inode && namespacePath is not null) namespacePath.EmitRequire(a, inode, NamespaceSlot, done);

        RingBufferReserve.Emit(a, AttributionRecord.Size, ring, lost, LostKeySlot, done);
        for (short i = 0; i < 32; i += 8)
        {
            a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R10, (short)(AddressSlot + i)));
            a.Emit(Mem.Store(BpfSize.DoubleWord, R8, (short)(AttributionRecord.Address + i), R1));
        }
        a.Emit(Mem.Load(BpfSize.DoubleWord, R1, R10, MessageSlot + 8));
        a.Emit(Mem.Store(BpfSize.Half, R8, AttributionRecord.AddressLength, R1));

        a.Emit(Jmp.Call(BpfHelper.KtimeGetNs));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, AttributionRecord.Time, R0));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, AttributionRecord.Tid, R7));
        a.Emit(Jmp.Call(BpfHelper.GetCurrentUidGid));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, AttributionRecord.Uid, R0));
        a.Emit(Jmp.Call(BpfHelper.GetCurrentCgroupId));
        a.Emit(Mem.Store(BpfSize.DoubleWord, R8, AttributionRecord.CgroupId, R0));
        a.Emit(Mem.StoreImmediate(BpfSize.Byte, R8, AttributionRecord.Call, (int)call));
        a.Emit(Alu64.Mov(R1, R8), Alu64.Add(R1, AttributionRecord.Command), Alu64.Mov(R2, 16));
        a.Emit(Jmp.Call(BpfHelper.GetCurrentComm));
        return EventProgramFrame.End(a, done);
    }

    private static void EmitFilters(EbpfAssembler a, AttributionKernelFilter filter, BpfLabel done)
    {
        if (filter.Pids.Count > 0)
        {
            BpfLabel keep = a.NewLabel();
            a.Emit(Alu64.Mov(R1, R7), Alu64.Rsh(R1, 32));
            foreach (int pid in filter.Pids) a.Jump(Jmp.Jeq(R1, pid), keep);
            a.Jump(Jmp.Ja(), done);
            a.Mark(keep);
        }
        if (filter.Uids.Count > 0)
        {
            BpfLabel keep = a.NewLabel();
            a.Emit(Jmp.Call(BpfHelper.GetCurrentUidGid));
            a.Emit(Alu32.Mov(R1, R0));
            foreach (uint uid in filter.Uids) a.Jump(Jmp.Jeq(R1, unchecked((int)uid)), keep);
            a.Jump(Jmp.Ja(), done);
            a.Mark(keep);
        }
        if (filter.CgroupId is ulong cgroup)
        {
            a.Emit(Jmp.Call(BpfHelper.GetCurrentCgroupId));
            a.Emit(Ld.Imm64(R1, unchecked((long)cgroup)));
            a.Jump(Jmp.Jne(R0, R1), done);
        }
        if (filter.Command is { } command)
        {
            CommandNameMatch.Emit(a, command, CommandSlot, done);
        }
    }
}
