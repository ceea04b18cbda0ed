using System.Buffers.Binary;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Link;

/// <summary>A Linux cooked capture v1 frame (any-interface captures, LINKTYPE_LINUX_SLL).</summary>
public readonly ref struct SllFrame
{
    private readonly ReadOnlySpan<byte> _b;

    private SllFrame(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> as a cooked v1 frame, without copying.</summary>
    /// <param name="bytes">The frame from its 16-byte header on.</param>
    /// <param name="frame">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than 16 bytes are present.</param>
    /// <returns>True when the header is complete.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out SllFrame frame, out WireError error)
    {
        frame = new SllFrame(bytes);
        error = bytes.Length < SllOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) frame = default;
        return error == WireError.None;
    }

    /// <summary>The header's length: 16 bytes.</summary>
    public int HeaderLength => SllOffsets.HeaderLength;
    /// <summary>Which way the packet went relative to this host (big-endian u16 in v1).</summary>
    public SllPacketType PacketType => (SllPacketType)BinaryPrimitives.ReadUInt16BigEndian(_b[SllOffsets.PacketType..]);
    /// <summary>The ARPHRD_ device type (1 Ethernet, 772 loopback, ...).</summary>
    public ushort ArphrdType => BinaryPrimitives.ReadUInt16BigEndian(_b[SllOffsets.ArphrdType..]);
    /// <summary>The link-layer address length as recorded (may exceed the 8 bytes of room).</summary>
    public ushort AddressLength => BinaryPrimitives.ReadUInt16BigEndian(_b[SllOffsets.AddressLength..]);
    /// <summary>The recorded address bytes, at most 8.</summary>
    public ReadOnlySpan<byte> Address => _b.Slice(SllOffsets.Address, Math.Min((int)AddressLength, SllOffsets.AddressCapacity));
    /// <summary>The EtherType, or a Linux protocol number (1 802.3, 4 802.2 LLC, ...) for non-Ethernet payloads.</summary>
    public EtherType Protocol => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[SllOffsets.Protocol..]);
    /// <summary>The packet after the 16-byte header.</summary>
    public ReadOnlySpan<byte> Payload => _b[SllOffsets.HeaderLength..];
}
