using System.Buffers.Binary;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Link;

/// <summary>A Linux cooked capture v2 frame (LINKTYPE_LINUX_SLL2), which adds the interface index.</summary>
public readonly ref struct Sll2Frame
{
    private readonly ReadOnlySpan<byte> _b;

    private Sll2Frame(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Sll2Frame frame, out WireError error)
    {
        frame = new Sll2Frame(bytes);
        error = bytes.Length < Sll2Offsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) frame = default;
        return error == WireError.None;
    }

    public int HeaderLength => Sll2Offsets.HeaderLength;
    public EtherType Protocol => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[Sll2Offsets.Protocol..]);
    public uint InterfaceIndex => BinaryPrimitives.ReadUInt32BigEndian(_b[Sll2Offsets.InterfaceIndex..]);
    public ushort ArphrdType => BinaryPrimitives.ReadUInt16BigEndian(_b[Sll2Offsets.ArphrdType..]);
    public SllPacketType PacketType => (SllPacketType)_b[Sll2Offsets.PacketType];
    public byte AddressLength => _b[Sll2Offsets.AddressLength];
    public ReadOnlySpan<byte> Address => _b.Slice(Sll2Offsets.Address, Math.Min((int)AddressLength, Sll2Offsets.AddressCapacity));
    public ReadOnlySpan<byte> Payload => _b[Sll2Offsets.HeaderLength..];
}
