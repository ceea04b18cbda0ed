using System.Buffers.Binary;

namespace SockScope.Wire.Ethernet;

/// <summary>
/// One 802.1Q (0x8100) or 802.1ad (0x88a8, 0x9100) tag: the four bytes after the tag protocol
/// identifier, holding priority, drop-eligible bit, VLAN id and the EtherType that follows.
/// </summary>
public readonly ref struct VlanTag
{
    private readonly ReadOnlySpan<byte> _b;

    private VlanTag(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out VlanTag tag, out WireError error)
    {
        tag = new VlanTag(bytes);
        error = bytes.Length < VlanTagOffsets.Length ? WireError.Truncated : WireError.None;
        if (error != WireError.None) tag = default;
        return error == WireError.None;
    }

    /// <summary>True for the tag protocol identifiers that start a VLAN tag.</summary>
    public static bool IsTagType(EtherType type) => type is EtherType.Vlan or EtherType.QinQ or EtherType.QinQLegacy or EtherType.QinQLegacy9200;

    public ushort ControlInformation => BinaryPrimitives.ReadUInt16BigEndian(_b[VlanTagOffsets.ControlInformation..]);
    public int Priority => ControlInformation >> 13;
    public bool DropEligible => (ControlInformation & 0x1000) != 0;
    public int VlanId => ControlInformation & 0x0FFF;
    public EtherType EtherType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[VlanTagOffsets.EtherType..]);
    public ReadOnlySpan<byte> Payload => _b[VlanTagOffsets.Length..];
}
