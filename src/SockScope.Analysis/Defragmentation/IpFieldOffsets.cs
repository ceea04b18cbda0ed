namespace SockScope.Analysis.Defragmentation;

/// <summary>The IP header fields the defragmenter rewrites (RFC 791, RFC 8200).</summary>
internal static class IpFieldOffsets
{
    public const int Ipv4TotalLength = 2;
    public const int Ipv4FlagsAndFragmentOffset = 6;
    public const int Ipv4HeaderChecksum = 10;
    public const ushort Ipv4KeptFlags = 0xC000; // reserved and DF; MF and the offset go
    public const int Ipv6PayloadLength = 4;
    public const int Ipv6NextHeader = 6;
}
