using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// One block of the receive ring, handed over by the kernel and held by the caller until disposed
/// (then the kernel may fill it again). Its frames are read in place with foreach.
/// </summary>
public readonly unsafe ref struct RingBlock
{
    private readonly PacketRing _ring;
    private readonly byte* _block;
    private readonly int _index;

    internal RingBlock(PacketRing ring, byte* block, int index)
    {
        _ring = ring;
        _block = block;
        _index = index;
    }

    /// <summary>Frames the kernel put in this block (some may be skipped by direction).</summary>
    public int PacketCount => _block is null ? 0 : (int)*(uint*)(_block + BlockDescriptorOffsets.PacketCount);

    /// <summary>The kernel's running block number: gaps show nothing; it only counts blocks handed over.</summary>
    public long SequenceNumber => _block is null ? 0 : (long)*(ulong*)(_block + BlockDescriptorOffsets.SequenceNumber);

    /// <summary>The block's frames, for <c>foreach</c>; each is valid until the block is disposed.</summary>
    public FrameEnumerator GetEnumerator() => _block is null ? default : new FrameEnumerator(_ring, _block);

    /// <summary>Gives the block back to the kernel. Frames read from it are invalid afterwards.</summary>
    public void Dispose() => _ring?.Release(_index);

    /// <summary>Walks the frames of one block, shaping each into a capture record in place.</summary>
    public ref struct FrameEnumerator
    {
        private readonly PacketRing _ring;
        private readonly FrameShaping _shaping;
        private byte* _next;
        private int _remaining;
        private CapturedFrame _current;

        internal FrameEnumerator(PacketRing ring, byte* block)
        {
            _ring = ring;
            _shaping = ring.Shaping;
            _remaining = (int)*(uint*)(block + BlockDescriptorOffsets.PacketCount);
            _next = block + *(uint*)(block + BlockDescriptorOffsets.OffsetToFirstPacket);
        }

        /// <summary>The frame at the enumerator's position.</summary>
        public readonly CapturedFrame Current => _current;

        /// <summary>About three small frames ahead; prefetching past the block's end does no harm.</summary>
        private const int PrefetchDistance = 448;

        // Optimised from the first call: the first blocks of a flood must not meet tier-0 code.
        /// <summary>Moves to the next frame that passes the direction rules; false at the block's end.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext()
        {
            while (_remaining > 0)
            {
                byte* h = _next;
                _remaining--;
                _next = h + *(uint*)(h + FrameHeaderOffsets.NextOffset);
                // The kernel filled these lines on another CPU: ask for the frames a few ahead now,
                // so they are on their way while this one is shaped and written.
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(h + PrefetchDistance);
                    Sse.Prefetch0(h + PrefetchDistance + 64);
                }
                if (TryShape(h, _shaping, out CapturedFrame frame))
                {
                    _current = frame;
                    _ring.CountCaptured();
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Turns the frame at <paramref name="h"/> into a record: skips it for -Q or the loopback's
    /// outgoing copy, puts back a stripped VLAN tag, prepends the cooked header on the any device.
    /// Writes only into the frame's own slot in a block the caller holds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryShape(byte* h, scoped in FrameShaping shaping, out CapturedFrame frame)
    {
        byte* ll = h + FrameHeaderOffsets.LinkAddress;
        var direction = (PacketDirection)ll[SockAddrLlOffsets.PacketType];
        bool outgoing = direction == PacketDirection.Outgoing;
        if ((shaping.Direction == CaptureDirection.In && outgoing) || (shaping.Direction == CaptureDirection.Out && !outgoing))
        {
            frame = default;
            return false;
        }
        ushort hardwareType = *(ushort*)(ll + SockAddrLlOffsets.HardwareType);
        if (outgoing && shaping.Loopback != LoopbackOutgoing.Keep
            && (shaping.Loopback == LoopbackOutgoing.DropAll || hardwareType == CookedHeader.LoopbackHardwareType))
        {
            frame = default;
            return false;
        }

        uint status = *(uint*)(h + FrameHeaderOffsets.Status);
        int mac = *(ushort*)(h + FrameHeaderOffsets.Mac);
        int captured = (int)*(uint*)(h + FrameHeaderOffsets.SnapLength);
        int length = (int)*(uint*)(h + FrameHeaderOffsets.Length);
        long timestamp = *(uint*)(h + FrameHeaderOffsets.Seconds) * 1_000_000_000L + *(uint*)(h + FrameHeaderOffsets.Nanoseconds);
        int interfaceIndex = *(int*)(ll + SockAddrLlOffsets.InterfaceIndex);
        ushort protocol = BinaryPrimitives.ReverseEndianness(*(ushort*)(ll + SockAddrLlOffsets.Protocol));
        int start = mac;
        int vlanTci = -1;
        bool vlan = shaping.ReinsertVlan && (status & PacketSocketOptions.TP_STATUS_VLAN_VALID) != 0;
        ushort tpid = 0;
        if (vlan)
        {
            vlanTci = *(ushort*)(h + FrameHeaderOffsets.VlanTci);
            tpid = (status & PacketSocketOptions.TP_STATUS_VLAN_TPID_VALID) != 0 ? *(ushort*)(h + FrameHeaderOffsets.VlanTpid) : (ushort)0x8100;
        }
        const int linkAddressEnd = FrameHeaderOffsets.LinkAddress + SockAddrLlOffsets.Size;

        if (shaping.Cooked)
        {
            ushort headerProtocol = protocol;
            if (vlan)
            {
                // The tag goes back between the cooked header and the network header: TCI, then the inner protocol.
                start -= FrameShaping.VlanTagLength;
                BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(h + start, 2), (ushort)vlanTci);
                BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(h + start + 2, 2), protocol);
                captured += FrameShaping.VlanTagLength;
                length += FrameShaping.VlanTagLength;
                headerProtocol = tpid;
            }
            start -= CookedHeader.Length;
            if (start < linkAddressEnd)
            {
                frame = default;
                return false;   // cannot happen with the reserve we ask for; never write over sockaddr_ll
            }
            int addressLength = Math.Min((int)ll[SockAddrLlOffsets.AddressLength], 8);
            CookedHeader.Write(new Span<byte>(h + start, CookedHeader.Length), headerProtocol, interfaceIndex,
                hardwareType, direction, new ReadOnlySpan<byte>(ll + SockAddrLlOffsets.Address, addressLength));
            captured += CookedHeader.Length;
            length += CookedHeader.Length;
        }
        else if (vlan && captured >= 12 && mac - FrameShaping.VlanTagLength >= linkAddressEnd)
        {
            // Move the two MAC addresses 4 bytes down and put TPID + TCI where the tag was on the wire.
            start -= FrameShaping.VlanTagLength;
            new ReadOnlySpan<byte>(h + mac, 12).CopyTo(new Span<byte>(h + start, 12));
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(h + start + 12, 2), tpid);
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(h + start + 14, 2), (ushort)vlanTci);
            captured += FrameShaping.VlanTagLength;
            length += FrameShaping.VlanTagLength;
        }
        else
        {
            vlanTci = vlan ? vlanTci : -1;
        }

        if (captured > shaping.SnapLength) captured = shaping.SnapLength;
        frame = new CapturedFrame(new ReadOnlySpan<byte>(h + start, captured), length, timestamp, direction,
            interfaceIndex, protocol, vlanTci);
        return true;
    }
}
