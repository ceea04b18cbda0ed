namespace SockScope.Wire.Ip;

/// <summary>
/// Field offsets of the IPv6 fixed header (RFC 8200 §3), from its first byte; multi-byte fields are
/// big-endian. For code that reads a header the decoder already checked without building a view again.
/// </summary>
public static class Ipv6Offsets
{
    /// <summary>Version (4 bits), traffic class (8 bits) and flow label (20 bits), 32 bits in all.</summary>
    public const int VersionClassFlow = 0;
    /// <summary>Length of what follows the fixed header, extension headers included (16 bits; 0 for a jumbogram).</summary>
    public const int PayloadLength = 4;
    /// <summary>The type of the header that follows (IANA protocol number, one byte).</summary>
    public const int NextHeader = 6;
    /// <summary>Hop limit (one byte).</summary>
    public const int HopLimit = 7;
    /// <summary>Source address (16 bytes).</summary>
    public const int Source = 8;
    /// <summary>Destination address (16 bytes).</summary>
    public const int Destination = 24;
    /// <summary>Length of the fixed header.</summary>
    public const int HeaderLength = 40;
}

/// <summary>Offsets shared by hop-by-hop, routing and destination-options headers.</summary>
internal static class Ipv6ExtensionOffsets
{
    public const int NextHeader = 0;
    /// <summary>Length in 8-byte units, not counting the first 8 bytes.</summary>
    public const int LengthUnits = 1;
    public const int Options = 2;
    public const int MinLength = 8;
}

/// <summary>The routing header (RFC 8200 4.4; type 0 addresses, type 4 segment routing).</summary>
internal static class Ipv6RoutingOffsets
{
    public const int NextHeader = 0;
    public const int LengthUnits = 1;
    public const int RoutingType = 2;
    public const int SegmentsLeft = 3;
    /// <summary>Reserved for type 0; last entry, flags and tag for type 4.</summary>
    public const int TypeSpecific = 4;
    /// <summary>Type 4 (segment routing, RFC 8754): index of the last segment in the list.</summary>
    public const int LastEntry = 4;
    /// <summary>Type 4: flags (one byte).</summary>
    public const int SegmentRoutingFlags = 5;
    /// <summary>Type 4: tag (16 bits).</summary>
    public const int Tag = 6;
    public const int Addresses = 8;
    /// <summary>Length of one address in the list.</summary>
    public const int AddressLength = 16;
}

/// <summary>The fragment header (RFC 8200 4.5): always 8 bytes.</summary>
internal static class Ipv6FragmentOffsets
{
    public const int NextHeader = 0;
    public const int Reserved = 1;
    public const int OffsetAndFlags = 2;
    public const int Identification = 4;
    public const int Length = 8;
}

/// <summary>The authentication header (RFC 4302): its length counts 4-byte units, minus 2.</summary>
internal static class AuthenticationHeaderOffsets
{
    public const int NextHeader = 0;
    public const int LengthUnits = 1;
    public const int Spi = 4;
    public const int Sequence = 8;
    public const int MinLength = 12;
}

/// <summary>The clear part of an ESP header (RFC 4303): SPI and sequence number, then encrypted data.</summary>
internal static class EspOffsets
{
    public const int Spi = 0;
    public const int Sequence = 4;
    public const int MinLength = 8;
}
