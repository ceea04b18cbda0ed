using System.Buffers.Binary;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Link;

/// <summary>A Linux cooked capture v2 frame (LINKTYPE_LINUX_SLL2), which adds the interface index.</summary>
public readonly ref struct Sll2Frame
{
    private readonly ReadOnlySpan<byte> _b;

    private Sll2Frame(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> as a cooked v2 frame, without copying.</summary>
    /// <param name="bytes">The frame from its 20-byte header on.</param>
    /// <param name="frame">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than 20 bytes are present.</param>
    /// <returns>True when the header is complete.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Sll2Frame frame, out WireError error)
    {
        frame = new Sll2Frame(bytes);
        error = bytes.Length < Sll2Offsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) frame = default;
        return error == WireError.None;
    }

    /// <summary>The header's length: 20 bytes.</summary>
    public int HeaderLength => Sll2Offsets.HeaderLength;
    /// <summary>The protocol of the payload: an EtherType, or a Linux protocol number (1 802.3, 4 802.2 LLC ...) for non-Ethernet payloads.</summary>
    public EtherType Protocol => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[Sll2Offsets.Protocol..]);
    /// <summary>The index of the interface the packet was seen on (ifindex; a name needs the capturing host's interface list).</summary>
    public uint InterfaceIndex => BinaryPrimitives.ReadUInt32BigEndian(_b[Sll2Offsets.InterfaceIndex..]);
    /// <summary>The ARPHRD_ device type (1 Ethernet, 772 loopback ...).</summary>
    public ushort ArphrdType => BinaryPrimitives.ReadUInt16BigEndian(_b[Sll2Offsets.ArphrdType..]);
    /// <summary>Which way the packet went relative to this host.</summary>
    public SllPacketType PacketType => (SllPacketType)_b[Sll2Offsets.PacketType];
    /// <summary>The link-layer address length as recorded (may exceed the 8 bytes of room).</summary>
    public byte AddressLength => _b[Sll2Offsets.AddressLength];
    /// <summary>The recorded link-layer source address, at most 8 bytes.</summary>
    public ReadOnlySpan<byte> Address => _b.Slice(Sll2Offsets.Address, Math.Min((int)AddressLength, Sll2Offsets.AddressCapacity));
    /// <summary>The packet after the 20-byte header.</summary>
    public ReadOnlySpan<byte> Payload => _b[Sll2Offsets.HeaderLength..];
}
