using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SockScope.Wire.Ethernet;

/// <summary>
/// One 802.1Q (0x8100) or 802.1ad (0x88a8, 0x9100) tag: the four bytes after the tag protocol
/// identifier, holding priority, drop-eligible bit, VLAN id and the EtherType that follows.
/// </summary>
public readonly ref struct VlanTag
{
    private readonly ReadOnlySpan<byte> _b;

    private VlanTag(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps the 4 bytes after a tag protocol identifier as a VLAN tag, without copying.</summary>
    /// <param name="bytes">The bytes after the TPID (0x8100, 0x88a8 ...).</param>
    /// <param name="tag">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than 4 bytes are present.</param>
    /// <returns>True when the tag is complete.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out VlanTag tag, out WireError error)
    {
        tag = new VlanTag(bytes);
        error = bytes.Length < VlanTagOffsets.Length ? WireError.Truncated : WireError.None;
        if (error != WireError.None) tag = default;
        return error == WireError.None;
    }

    /// <summary>True for the tag protocol identifiers that start a VLAN tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // tested for every frame by the decoder; the AOT compiler left it a call
    public static bool IsTagType(EtherType type) => type is EtherType.Vlan or EtherType.QinQ or EtherType.QinQLegacy or EtherType.QinQLegacy9200;

    /// <summary>The tag control information (TCI) as a big-endian word: PCP in bits 13-15, DEI in bit 12, VID in bits 0-11.</summary>
    public ushort ControlInformation => BinaryPrimitives.ReadUInt16BigEndian(_b[VlanTagOffsets.ControlInformation..]);
    /// <summary>The priority code point (PCP, 0-7; IEEE 802.1p class of service).</summary>
    public int Priority => ControlInformation >> 13;
    /// <summary>The drop eligible indicator (DEI, formerly CFI): the frame may be dropped first under congestion.</summary>
    public bool DropEligible => (ControlInformation & 0x1000) != 0;
    /// <summary>The VLAN identifier (VID, 0-4095; 0 means priority-tagged only, 4095 is reserved).</summary>
    public int VlanId => ControlInformation & 0x0FFF;
    /// <summary>The EtherType (or next TPID, for stacked tags) after this tag.</summary>
    public EtherType EtherType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[VlanTagOffsets.EtherType..]);
    /// <summary>Everything after the tag's 4 bytes.</summary>
    public ReadOnlySpan<byte> Payload => _b[VlanTagOffsets.Length..];
}
