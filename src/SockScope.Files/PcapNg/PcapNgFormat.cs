namespace SockScope.Files.PcapNg;

/// <summary>Block and option codes of pcapng (IETF draft-ietf-opsawg-pcapng).</summary>
internal static class PcapNgFormat
{
    public const uint SectionHeaderBlock = 0x0A0D0D0A;
    public const uint InterfaceDescriptionBlock = 0x00000001;
    public const uint ObsoletePacketBlock = 0x00000002;
    public const uint SimplePacketBlock = 0x00000003;
    public const uint NameResolutionBlock = 0x00000004;
    public const uint InterfaceStatisticsBlock = 0x00000005;
    public const uint EnhancedPacketBlock = 0x00000006;

    public const uint ByteOrderMagic = 0x1A2B3C4D;

    /// <summary>Type, length, and the trailing copy of the length.</summary>
    public const int BlockOverhead = 12;
    public const int MinSectionHeaderLength = 28;

    /// <summary>libpcap's ceiling on a block it will buffer; larger packet blocks are refused.</summary>
    public const int MaxBufferedBlockLength = 16 * 1024 * 1024;

    public const ushort OptionEnd = 0;
    public const ushort OptionComment = 1;
    public const ushort IfName = 2;
    public const ushort IfTimestampResolution = 9;
    public const ushort IfTimestampOffset = 14;

    public const ushort IsbStartTime = 2;
    public const ushort IsbEndTime = 3;
    public const ushort IsbIfReceived = 4;
    public const ushort IsbIfDropped = 5;
    public const ushort IsbFilterAccepted = 6;
    public const ushort IsbOsDropped = 7;
    public const ushort IsbUserDelivered = 8;
}
