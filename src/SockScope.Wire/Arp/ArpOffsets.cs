namespace SockScope.Wire.Arp;

/// <summary>ARP/RARP (RFC 826): a fixed 8-byte part, then four addresses whose sizes it gives.</summary>
internal static class ArpOffsets
{
    public const int HardwareType = 0;
    public const int ProtocolType = 2;
    public const int HardwareAddressLength = 4;
    public const int ProtocolAddressLength = 5;
    public const int Operation = 6;
    public const int SenderHardwareAddress = 8;
    public const int FixedLength = 8;
    /// <summary>Total length for Ethernet hardware and IPv4 protocol addresses.</summary>
    public const int EthernetIpv4Length = 28;
}
