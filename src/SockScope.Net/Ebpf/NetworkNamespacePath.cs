using static SockScope.Net.Ebpf.Register;

namespace SockScope.Net.Ebpf;

/// <summary>
/// Where the current task's network namespace number lies in kernel memory:
/// <c>task_struct.nsproxy -&gt; nsproxy.net_ns -&gt; net.ns.inum</c>, the number that
/// <c>/proc/PID/ns/net</c> shows as its inode. Offsets come from the kernel's BTF, so the
/// program that follows them needs no list of kernel versions.
/// </summary>
internal sealed record NetworkNamespacePath(int TaskNsproxy, int NsproxyNetNs, int NetInum)
{
    private static readonly Lazy<NetworkNamespacePath?> RunningKernel = new(() => KernelBtf.TryLoadVmlinux() is { } btf ? TryFind(btf) : null);

    /// <summary>The running kernel's path, or null when it has no BTF or the fields are not where they are expected.</summary>
    public static NetworkNamespacePath? ForRunningKernel => RunningKernel.Value;

    /// <summary>The three offsets from <paramref name="btf"/>, or null when one of the structs or fields is missing.</summary>
    public static NetworkNamespacePath? TryFind(KernelBtf btf)
    {
        int task = btf.FindStruct("task_struct");
        if (task < 0 || !btf.TryFindMember(task, "nsproxy", out int taskNsproxy, out int nsproxyPointer)) return null;
        int nsproxy = btf.PointerTarget(nsproxyPointer);
        if (!btf.IsStruct(nsproxy, "nsproxy") || !btf.TryFindMember(nsproxy, "net_ns", out int nsproxyNetNs, out int netPointer)) return null;
        int net = btf.PointerTarget(netPointer);
        if (!btf.IsStruct(net, "net") || !btf.TryFindMember(net, "ns", out int netNs, out int common)) return null;
        if (!btf.IsStruct(common, "ns_common") || !btf.TryFindMember(common, "inum", out int inum, out _)) return null;
        return new NetworkNamespacePath(taskNsproxy, nsproxyNetNs, netNs + inum);
    }

    /// <summary>
    /// Emits: leave for <paramref name="skip"/> unless the current task's network namespace is
    /// <paramref name="inode"/>. Uses <paramref name="slot"/> (8 bytes of stack) and clobbers R0-R5;
    /// a pointer that cannot be read (a task exiting) also skips.
    /// </summary>
    public void EmitRequire(EbpfAssembler a, uint inode, short slot, BpfLabel skip)
    {
        a.Emit(Jmp.Call(BpfHelper.GetCurrentTask));
        a.Emit(Alu64.Mov(R3, R0));
        foreach ((int offset, int size) in (ReadOnlySpan<(int, int)>)[(TaskNsproxy, 8), (NsproxyNetNs, 8), (NetInum, 4)])
        {
            a.Jump(Jmp.Jeq(R3, 0), skip);
            a.Emit(Alu64.Add(R3, offset));
            a.Emit(Mem.StoreImmediate(BpfSize.DoubleWord, R10, slot, 0));
            a.Emit(Alu64.Mov(R1, R10), Alu64.Add(R1, slot), Alu64.Mov(R2, size));
            a.Emit(Jmp.Call(BpfHelper.ProbeReadKernel));
            a.Jump(Jmp.Jne(R0, 0), skip);
            a.Emit(Mem.Load(size == 8 ? BpfSize.DoubleWord : BpfSize.Word, R3, R10, slot));
        }
        a.Emit(Ld.Imm64(R1, inode));
        a.Jump(Jmp.Jne(R3, R1), skip);
    }
}
