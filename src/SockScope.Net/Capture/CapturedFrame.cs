namespace SockScope.Net.Capture;

/// <summary>
/// One captured frame, seen in place in the receive ring (zero copy): valid only until the block
/// that holds it is released. Copy what must outlive that.
/// </summary>
public readonly ref struct CapturedFrame
{
    internal CapturedFrame(ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds,
        PacketDirection direction, int interfaceIndex, ushort protocol, int vlanTci)
    {
        Data = data;
        OriginalLength = originalLength;
        TimestampNanoseconds = timestampNanoseconds;
        Direction = direction;
        InterfaceIndex = interfaceIndex;
        Protocol = protocol;
        VlanTci = vlanTci;
    }

    /// <summary>The captured bytes, starting at the link-layer header of the capture's link type (at most the snap length).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The frame's length on the wire (tp_len, plus a re-inserted VLAN tag or cooked header).</summary>
    public int OriginalLength { get; }

    /// <summary>Nanoseconds since the Unix epoch, as the kernel stamped the frame.</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Where the frame was going (to this host, sent by it, broadcast ...).</summary>
    public PacketDirection Direction { get; }

    /// <summary>The interface the frame was seen on (useful on the <c>any</c> device).</summary>
    public int InterfaceIndex { get; }

    /// <summary>The link-layer protocol (EtherType), host byte order; 0 where unknown.</summary>
    public ushort Protocol { get; }

    /// <summary>The 802.1Q tag control information the kernel stripped (and SockScope put back in Data), or -1 for none.</summary>
    public int VlanTci { get; }

    /// <summary>True when the snap length cut the frame.</summary>
    public bool IsTruncated => Data.Length < OriginalLength;
}
