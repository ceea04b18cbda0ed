using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SockScope.Net.Capture;
using SockScope.Net.Interop;

namespace SockScope.Net.Tests.Capture;

/// <summary>
/// Ring memory laid out as the kernel lays out a TPACKET_V3 ring (block descriptors, frame
/// headers, sockaddr_ll, data at tp_mac), so the reader can be tested without a socket.
/// </summary>
internal sealed unsafe class SyntheticRing : IDisposable
{
    private readonly byte* _memory;
    private readonly int[] _fill;
    private readonly int[] _lastFrame;

    public SyntheticRing(int blockSize, int blockCount, bool cooked = false, CaptureDirection direction = CaptureDirection.InOut,
        int snapLength = 262144, LoopbackOutgoing loopback = LoopbackOutgoing.Keep)
    {
        BlockSize = blockSize;
        BlockCount = blockCount;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)(blockSize * blockCount), 4096);
        NativeMemory.Clear(_memory, (nuint)(blockSize * blockCount));
        _fill = new int[blockCount];
        _lastFrame = new int[blockCount];
        Shaping = new FrameShaping(cooked, true, direction, snapLength, loopback);
        for (int i = 0; i < blockCount; i++)
        {
            Block(i)[BlockDescriptorOffsets.OffsetToFirstPacket] = 48;
            _fill[i] = 48;
            _lastFrame[i] = -1;
        }
        Ring = new PacketRing(_memory, blockSize, blockCount, Shaping, socket: null, ownsMapping: false);
    }

    public int BlockSize { get; }
    public int BlockCount { get; }
    public FrameShaping Shaping { get; }
    public PacketRing Ring { get; }

    private byte* Block(int i) => _memory + (long)i * BlockSize;

    public uint Status(int block) => *(uint*)(Block(block) + BlockDescriptorOffsets.BlockStatus);

    /// <summary>Appends a frame to block <paramref name="block"/> as the kernel would.</summary>
    public void AddFrame(int block, ReadOnlySpan<byte> data, int? wireLength = null, uint seconds = 1_700_000_000, uint nanoseconds = 123_456_789,
        PacketDirection type = PacketDirection.Host, int ifindex = 2, ushort hatype = 1, ushort protocol = 0x0800, ushort? vlanTci = null)
    {
        byte* b = Block(block);
        int at = _fill[block];
        byte* h = b + at;
        int mac = PacketSocketOptions.Align(FrameHeaderOffsets.LinkAddress + SockAddrLlOffsets.Size + Shaping.Reserve);
        *(uint*)(h + FrameHeaderOffsets.Seconds) = seconds;
        *(uint*)(h + FrameHeaderOffsets.Nanoseconds) = nanoseconds;
        *(uint*)(h + FrameHeaderOffsets.SnapLength) = (uint)data.Length;
        *(uint*)(h + FrameHeaderOffsets.Length) = (uint)(wireLength ?? data.Length);
        uint status = PacketSocketOptions.TP_STATUS_USER;
        if (vlanTci is ushort tci)
        {
            status |= PacketSocketOptions.TP_STATUS_VLAN_VALID;
            *(ushort*)(h + FrameHeaderOffsets.VlanTci) = tci;
        }
        *(uint*)(h + FrameHeaderOffsets.Status) = status;
        *(ushort*)(h + FrameHeaderOffsets.Mac) = (ushort)mac;
        *(ushort*)(h + FrameHeaderOffsets.Net) = (ushort)mac;
        byte* ll = h + FrameHeaderOffsets.LinkAddress;
        *(ushort*)ll = LinuxSocketCalls.AF_PACKET;
        *(ushort*)(ll + SockAddrLlOffsets.Protocol) = BinaryPrimitives.ReverseEndianness(protocol);
        *(int*)(ll + SockAddrLlOffsets.InterfaceIndex) = ifindex;
        *(ushort*)(ll + SockAddrLlOffsets.HardwareType) = hatype;
        ll[SockAddrLlOffsets.PacketType] = (byte)type;
        ll[SockAddrLlOffsets.AddressLength] = 6;
        for (int i = 0; i < 6; i++) ll[SockAddrLlOffsets.Address + i] = (byte)(0xa0 + i);
        data.CopyTo(new Span<byte>(h + mac, data.Length));
        int next = PacketSocketOptions.Align(mac + data.Length);
        if (_lastFrame[block] >= 0)
            *(uint*)(b + _lastFrame[block] + FrameHeaderOffsets.NextOffset) = (uint)(at - _lastFrame[block]);
        _lastFrame[block] = at;
        _fill[block] = at + next;
        if (_fill[block] > BlockSize) throw new InvalidOperationException("synthetic block overflow");
        (*(uint*)(b + BlockDescriptorOffsets.PacketCount))++;
    }

    /// <summary>Hands the block to user space, as the kernel does when it retires it.</summary>
    public void Retire(int block, ulong sequence = 1)
    {
        *(ulong*)(Block(block) + BlockDescriptorOffsets.SequenceNumber) = sequence;
        Volatile.Write(ref *(uint*)(Block(block) + BlockDescriptorOffsets.BlockStatus), PacketSocketOptions.TP_STATUS_USER);
    }

    /// <summary>What the kernel does before refilling a block the reader gave back.</summary>
    public void Reset(int block)
    {
        byte* b = Block(block);
        *(uint*)(b + BlockDescriptorOffsets.PacketCount) = 0;
        _fill[block] = 48;
        _lastFrame[block] = -1;
    }

    public void Dispose()
    {
        Ring.Dispose();
        NativeMemory.AlignedFree(_memory);
    }
}
