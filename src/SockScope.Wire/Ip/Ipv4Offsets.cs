namespace SockScope.Wire.Ip;

/// <summary>
/// Field offsets of an IPv4 header (RFC 791 §3.1), from the first byte of the header; multi-byte
/// fields are big-endian. For code that reads a header the decoder already checked
/// (<see cref="Decoding.PacketDecoder"/>) without building a view again.
/// </summary>
public static class Ipv4Offsets
{
    /// <summary>Version in the upper nibble, header length in 32-bit words (IHL) in the lower.</summary>
    public const int VersionAndHeaderLength = 0;
    /// <summary>The type-of-service byte: DSCP in the upper six bits, ECN in the lower two.</summary>
    public const int TypeOfService = 1;
    /// <summary>Total length of the datagram in bytes, header included (16 bits).</summary>
    public const int TotalLength = 2;
    /// <summary>Identification shared by the fragments of one datagram (16 bits).</summary>
    public const int Identification = 4;
    /// <summary>Three flag bits and the 13-bit fragment offset in 8-byte units (16 bits).</summary>
    public const int FlagsAndFragmentOffset = 6;
    /// <summary>Time to live (one byte).</summary>
    public const int TimeToLive = 8;
    /// <summary>The protocol of the payload (IANA protocol number, one byte).</summary>
    public const int Protocol = 9;
    /// <summary>The header checksum (16 bits).</summary>
    public const int HeaderChecksum = 10;
    /// <summary>Source address (4 bytes).</summary>
    public const int Source = 12;
    /// <summary>Destination address (4 bytes).</summary>
    public const int Destination = 16;
    /// <summary>Where options start, when the header length is above 20.</summary>
    public const int Options = 20;
    /// <summary>Length of a header without options.</summary>
    public const int MinHeaderLength = 20;
    /// <summary>Longest header the 4-bit IHL can describe (15 words).</summary>
    public const int MaxHeaderLength = 60;

    /// <summary>The reserved flag (bit 0 of the flags), set only by test or broken senders.</summary>
    public const ushort ReservedFlag = 0x8000;
    /// <summary>Don't Fragment (DF).</summary>
    public const ushort DontFragmentFlag = 0x4000;
    /// <summary>More Fragments (MF): more fragments of this datagram follow.</summary>
    public const ushort MoreFragmentsFlag = 0x2000;
    /// <summary>The fragment offset bits of <see cref="FlagsAndFragmentOffset"/> (8-byte units).</summary>
    public const ushort FragmentOffsetMask = 0x1FFF;
}
