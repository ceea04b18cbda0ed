using SockScope.Filter;
using System.Buffers.Binary;
using SockScope.Net.Interop;
using SockScope.Wire;

namespace SockScope.Net.Capture;

/// <summary>
/// Live capture on Linux: an AF_PACKET socket bound to one interface (SOCK_RAW, frames from
/// the link header) or to the any device (SOCK_DGRAM, with a LINUX_SLL2 header built per frame),
/// read through a TPACKET_V3 ring mapped into this process.
/// </summary>
/// <remarks>
/// The socket is created with protocol 0, which the kernel delivers nothing to; the ring and
/// the filter are set up first and only then does bind() name ETH_P_ALL, so no frame that the
/// filter would have rejected ever reaches the ring. A later filter change goes through a
/// reject-all program and a drain of the ring.
/// </remarks>
public sealed unsafe class PacketSocketCapture : ILiveCapture
{
    private BpfProgram? _userFilter;
    private readonly FileDescriptorHandle _socket;
    private readonly PacketRing _ring;
    private readonly CaptureOptions _options;
    private long _received;
    private long _dropped;

    private PacketSocketCapture(FileDescriptorHandle socket, PacketRing ring, CaptureOptions options, LinkType linkType, int interfaceIndex)
    {
        _socket = socket;
        _ring = ring;
        _options = options;
        LinkType = linkType;
        InterfaceIndex = interfaceIndex;
    }

    /// <inheritdoc/>
    public LinkType LinkType { get; }
    /// <inheritdoc/>
    public int SnapLength => _options.EffectiveSnapLength;
    /// <inheritdoc/>
    public string InterfaceName => _options.Interface;
    /// <summary>The bound interface's index, 0 for the any device.</summary>
    public int InterfaceIndex { get; }
    /// <summary>The options the capture was opened with.</summary>
    public CaptureOptions Options => _options;

    /// <summary>
    /// True when the filter given could not run in the kernel (on the any device, an expression
    /// that reads the cooked header's address or the frame length): every frame is delivered and
    /// the caller must apply the program itself.
    /// </summary>
    public bool RequiresUserSpaceFilter { get; private set; }

    /// <inheritdoc/>
    public bool FiltersInUserSpace => _userFilter is not null;

    /// <summary>The receive ring, for zero-copy reading block by block.</summary>
    public PacketRing Ring => _ring;

    /// <summary>
    /// Opens the capture: socket, ring, filter (<paramref name="filter"/>, 8-byte classic BPF
    /// instructions for the capture's link type, or none), bind, promiscuous mode, fanout.
    /// </summary>
    public static PacketSocketCapture Open<TInstruction>(CaptureOptions options, ReadOnlySpan<TInstruction> filter) where TInstruction : unmanaged
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("packet sockets are Linux only; use LiveCapture.Open");
        bool any = options.IsAnyInterface;
        NetworkInterfaceInfo? info = any ? null : NetworkInterfaces.Find(options.Interface, withAddresses: false);
        LinkType linkType = any ? LinkType.LinuxSll2 : info!.CaptureLinkType;
        bool cooked = linkType == LinkType.LinuxSll2;
        LoopbackOutgoing loopback = any ? LoopbackOutgoing.DropOnLoopbackDevices
            : info!.IsLoopback ? LoopbackOutgoing.DropAll : LoopbackOutgoing.Keep;
        var shaping = new FrameShaping(cooked, options.ReinsertVlanTags, options.Direction, options.EffectiveSnapLength, loopback);

        int type = (cooked ? LinuxSocketCalls.SOCK_DGRAM : LinuxSocketCalls.SOCK_RAW) | LinuxSocketCalls.SOCK_CLOEXEC;
        Errno opened = LinuxSocketCalls.Open(LinuxSocketCalls.AF_PACKET, type, 0, out FileDescriptorHandle socket);
        if (opened != Errno.None)
        {
            socket.Dispose();
            throw SyscallErrors.SocketCallFailed("capture", opened);
        }
        PacketRing? ring = null;
        try
        {
            const int sol = PacketSocketOptions.SOL_PACKET;
            LinuxSocketCalls.SetOption(socket, sol, PacketSocketOptions.PACKET_VERSION, PacketSocketOptions.TPACKET_V3).ThrowIfSocketCallFailed("set TPACKET_V3");
            LinuxSocketCalls.SetOption(socket, sol, PacketSocketOptions.PACKET_RESERVE, shaping.Reserve).ThrowIfSocketCallFailed("reserve room in ring frames");
            ring = MapRing(socket, options, shaping);
            var capture = new PacketSocketCapture(socket, ring, options, linkType, info?.Index ?? 0);
            capture.AttachKernelFilter(filter);
            if (options.Direction == CaptureDirection.In)
            {
                // The kernel then skips outgoing frames before copying them; older kernels lack it, -Q is applied per frame anyway.
                LinuxSocketCalls.SetOption(socket, sol, PacketSocketOptions.PACKET_IGNORE_OUTGOING, 1);
            }
            capture.Bind();
            if (options.Promiscuous && !any)
            {
                var mreq = new PacketMreq { InterfaceIndex = capture.InterfaceIndex, Type = PacketSocketOptions.PACKET_MR_PROMISC };
                LinuxSocketCalls.SetOption(socket, sol, PacketSocketOptions.PACKET_ADD_MEMBERSHIP, mreq).ThrowIfSocketCallFailed("promiscuous mode");
            }
            if (options.FanoutGroup is ushort group)
            {
                int arg = group | (((int)options.FanoutMode | PacketSocketOptions.PACKET_FANOUT_FLAG_DEFRAG) << 16);
                LinuxSocketCalls.SetOption(socket, sol, PacketSocketOptions.PACKET_FANOUT, arg).ThrowIfSocketCallFailed("join fanout group");
            }
            return capture;
        }
        catch
        {
            ring?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens the capture with no filter: every frame, cut to the snap length in the kernel.</summary>
    public static PacketSocketCapture Open(CaptureOptions options) => Open(options, ReadOnlySpan<SockFilter>.Empty);

    /// <summary>
    /// Blocks of 128 KiB (or as asked) unless the ring is small: at least 8 blocks, so the kernel
    /// always has room while one is read. (512 KiB blocks cost fewer wake-ups but dropped more
    /// under load in the side-by-side runs of docs/perf/capture.md.)
    /// </summary>
    internal static (int BlockSize, int BlockCount) RingGeometry(int ringBytes, int blockBytes, int snapLength, int reserve)
    {
        const int page = 4096;
        int ring = Math.Max(ringBytes, 8 * page);
        int block = blockBytes > 0 ? blockBytes : 128 * 1024;
        while (block > page && ring / block < 8) block /= 2;
        // A frame that does not fit in a block is cut by the kernel; grow the block for the snap length, up to 4 MiB.
        int frameNeed = PacketSocketOptions.Align(FrameHeaderOffsets.LinkAddress + SockAddrLlOffsets.Size) + reserve + 16
            + Math.Min(snapLength, 65536 + 64) + BlockDescriptorOffsets.Size;
        while (block < frameNeed && block < 4 * 1024 * 1024) block *= 2;
        block = (block + page - 1) / page * page;
        int count = Math.Max(2, ring / block);
        return (block, count);
    }

    private static PacketRing MapRing(FileDescriptorHandle socket, CaptureOptions options, FrameShaping shaping)
    {
        (int blockSize, int blockCount) = RingGeometry(options.RingBytes, options.BlockBytes, options.EffectiveSnapLength, shaping.Reserve);
        var req = new TPacketReq3
        {
            BlockSize = (uint)blockSize,
            BlockCount = (uint)blockCount,
            // V3 frames have variable size; the kernel checks only that frames tile the blocks.
            FrameSize = (uint)blockSize,
            FrameCount = (uint)blockCount,
            RetireBlockTimeoutMs = (uint)Math.Max(1, (int)Math.Ceiling(options.BlockTimeout.TotalMilliseconds)),
        };
        LinuxSocketCalls.SetOption(socket, PacketSocketOptions.SOL_PACKET, PacketSocketOptions.PACKET_RX_RING, req)
            .ThrowIfSocketCallFailed($"create a {(long)blockSize * blockCount / 1024} KiB receive ring");
        nuint length = (nuint)((long)blockSize * blockCount);
        MemoryMap.MapShared(socket, length, MemoryMap.PROT_READ | MemoryMap.PROT_WRITE, 0, out void* memory)
            .ThrowIfFailed("map the receive ring");
        return new PacketRing((byte*)memory, blockSize, blockCount, shaping, socket, ownsMapping: true);
    }

    private void Bind()
    {
        var address = new SockAddrLl
        {
            Family = LinuxSocketCalls.AF_PACKET,
            Protocol = BinaryPrimitives.ReverseEndianness(PacketSocketOptions.ETH_P_ALL),
            InterfaceIndex = InterfaceIndex,
        };
        Errno errno = LinuxSocketCalls.Bind(_socket, &address, sizeof(SockAddrLl));
        if (errno != Errno.None)
        {
            throw errno == Errno.ENETDOWN
                ? new NetOperationException("capture", errno, $"capture: interface {InterfaceName} is down")
                : SyscallErrors.SocketCallFailed($"bind to {InterfaceName}", errno);
        }
    }

    /// <summary>
    /// Replaces the kernel filter on a running capture: a reject-all program first, then the
    /// blocks already handed over (filled under the old program) are given back unread, then
    /// the new program. Frames of the old filter still in the kernel's open block may follow
    /// for up to one block timeout.
    /// </summary>
    public void SetFilter<TInstruction>(ReadOnlySpan<TInstruction> program) where TInstruction : unmanaged
    {
        _userFilter = null;
        SockFilter rejectAll = new(0x06, 0, 0, 0);   // ret #0
        AttachProgram(new ReadOnlySpan<SockFilter>(&rejectAll, 1));
        _ring.Drain();
        AttachKernelFilter(program);
    }

    /// <summary>
    /// Replaces the filter with a compiled program (see <see cref="SetFilter{TInstruction}"/> for
    /// the switch-over); where the kernel cannot run it, <see cref="Dispatch"/> runs it on each frame.
    /// </summary>
    public void SetFilter(BpfProgram program) => _userFilter = CaptureFilter.Attach(this, program);

    /// <summary>
    /// Opens the capture with a compiled filter (null for none) for the interface's link type;
    /// where the kernel cannot run it, <see cref="Dispatch"/> runs it on each frame itself.
    /// </summary>
    public static PacketSocketCapture Open(CaptureOptions options, BpfProgram? filter)
    {
        PacketSocketCapture capture = filter is null ? Open(options) : Open(options, filter.Instructions);
        if (filter is not null && capture.RequiresUserSpaceFilter) capture._userFilter = filter;
        return capture;
    }

    private void AttachKernelFilter<TInstruction>(ReadOnlySpan<TInstruction> program) where TInstruction : unmanaged
    {
        ReadOnlySpan<SockFilter> instructions = CaptureFilter.AsSockFilters(program);
        if (instructions.IsEmpty)
        {
            // No expression: a one-instruction program still makes the kernel copy only the snap length.
            AttachKeepAll(userSpaceFilter: false);
            return;
        }
        if (instructions.Length > ushort.MaxValue)
            throw new ArgumentException("filter program too long", nameof(program));
        if (InspectsVlanTags(instructions))
        {
            // The kernel has already moved an 802.1Q tag out of the frame when the filter runs, so
            // a program that looks for one would never match. Run it here, on the frame with its
            // tag put back, which is what the expression means.
            AttachKeepAll(userSpaceFilter: true);
            return;
        }
        if (LinkType == LinkType.LinuxSll2)
        {
            SockFilter[] rewritten = new SockFilter[instructions.Length];
            if (CookedFilterRewriter.TryRewrite(instructions, rewritten))
            {
                AttachProgram(rewritten);
                RequiresUserSpaceFilter = false;
                return;
            }
            // The kernel cannot run it (it reads the cooked header's address or the frame length):
            // take every frame up to the snap length and let the caller run the program on each.
            AttachKeepAll(userSpaceFilter: true);
            return;
        }
        AttachProgram(instructions);
        RequiresUserSpaceFilter = false;
    }

    /// <summary>
    /// Attaches the one-instruction program "ret #snaplen": the kernel keeps every frame, cut to the
    /// snap length; <paramref name="userSpaceFilter"/> says whether the caller then runs the real
    /// program on each frame.
    /// </summary>
    private void AttachKeepAll(bool userSpaceFilter)
    {
        SockFilter keep = new(0x06, 0, 0, (uint)SnapLength);   // ret #snaplen
        AttachProgram(new ReadOnlySpan<SockFilter>(&keep, 1));
        RequiresUserSpaceFilter = userSpaceFilter;
    }

    /// <summary>True when the program compares a value with a VLAN TPID (802.1Q, 802.1ad, the old QinQ 0x9100).</summary>
    internal static bool InspectsVlanTags(ReadOnlySpan<SockFilter> program)
    {
        const ushort JmpJeqK = 0x15;
        foreach (SockFilter insn in program)
            if (insn.Code == JmpJeqK && insn.K is 0x8100 or 0x88a8 or 0x9100)
                return true;
        return false;
    }

    private void AttachProgram(ReadOnlySpan<SockFilter> instructions)
    {
        fixed (SockFilter* p = instructions)
        {
            var fprog = new SockFprog { Length = (ushort)instructions.Length, Filter = p };
            LinuxSocketCalls.SetOption(_socket, LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_ATTACH_FILTER, fprog).ThrowIfSocketCallFailed("attach filter");
        }
    }

    /// <inheritdoc/>
    public int Dispatch<THandler>(ref THandler handler, TimeSpan timeout) where THandler : struct, ICaptureHandler
    {
        if (!_ring.TryAcquireBlock(timeout, out RingBlock block))
            return 0;
        int count = 0;
        using (block)
        {
            BpfProgram? filter = _userFilter;
            foreach (CapturedFrame frame in block)
            {
                if (CaptureFilter.Rejects(filter, frame)) continue;
                count++;
                if (!handler.OnFrame(frame)) break;
            }
        }
        return count;
    }

    /// <inheritdoc/>
    public CaptureStatistics ReadStatistics()
    {
        // The kernel zeroes its counters on every read: keep the running sums here.
        if (!_socket.IsClosed)
        {
            LinuxSocketCalls.GetOption(_socket, PacketSocketOptions.SOL_PACKET, PacketSocketOptions.PACKET_STATISTICS, out TPacketStatsV3 stats)
                .ThrowIfSocketCallFailed("read capture statistics");
            _received += stats.Packets;
            _dropped += stats.Drops;
        }
        return new CaptureStatistics(_ring.Captured, _received, _dropped);
    }

    /// <summary>Unmaps the ring and closes the socket (which also leaves a fanout group).</summary>
    public void Dispose()
    {
        _ring.Dispose();
        _socket.Dispose();
    }
}
