namespace SockScope.Wire.Ethernet;

/// <summary>Field offsets of an Ethernet II header (IEEE 802.3 with an EtherType).</summary>
internal static class EthernetOffsets
{
    public const int Destination = 0;
    public const int Source = 6;
    public const int EtherType = 12;
    public const int HeaderLength = 14;
    /// <summary>Values at or below this are IEEE 802.3 lengths, not EtherTypes.</summary>
    public const int MaxLengthField = 1500;
}

/// <summary>
/// Field offsets of an 802.1Q / 802.1ad tag, counted from the byte after the tag protocol
/// identifier (the TPID sits where the EtherType of the frame or outer tag would be).
/// </summary>
internal static class VlanTagOffsets
{
    public const int ControlInformation = 0;
    public const int EtherType = 2;
    public const int Length = 4;
}
