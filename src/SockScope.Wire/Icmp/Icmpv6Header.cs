namespace SockScope.Wire.Icmp;

/// <summary>
/// The first eight bytes of an ICMPv6 message as a value (RFC 4443). Its checksum covers the IPv6
/// pseudo-header, so the builder fills it when the IPv6 header is prepended, unless
/// <see cref="Checksum"/> is set. The type is a byte, so that any value can be crafted;
/// <see cref="Icmpv6Type"/> names the known ones.
/// </summary>
public readonly record struct Icmpv6Header(byte Type, byte Code, uint RestOfHeader = 0)
{
    /// <summary>The header's size in bytes: 8.</summary>
    public const int Size = IcmpHeaderLayout.Size;

    /// <summary>The checksum to write as is; null to have the packet builder compute it over the IPv6 pseudo-header and message. Set a value to send a deliberately wrong one.</summary>
    public ushort? Checksum { get; init; }

    /// <summary>The echo identifier: the upper 16 bits of <see cref="RestOfHeader"/>.</summary>
    public ushort Identifier => (ushort)(RestOfHeader >> 16);
    /// <summary>The echo sequence number: the lower 16 bits of <see cref="RestOfHeader"/>.</summary>
    public ushort SequenceNumber => (ushort)RestOfHeader;

    /// <summary>The bytes this header takes: always 8.</summary>
    public int Length => Size;

    /// <summary>An echo request (type 128, code 0) with the given identifier and sequence number.</summary>
    public static Icmpv6Header EchoRequest(ushort identifier, ushort sequence) =>
        new((byte)Icmpv6Type.EchoRequest, 0, IcmpHeaderLayout.EchoRestOfHeader(identifier, sequence));

    /// <summary>An echo reply (type 129, code 0) with the given identifier and sequence number.</summary>
    public static Icmpv6Header EchoReply(ushort identifier, ushort sequence) =>
        new((byte)Icmpv6Type.EchoReply, 0, IcmpHeaderLayout.EchoRestOfHeader(identifier, sequence));

    /// <summary>Writes the 8 bytes in network byte order; a null checksum is written as zero (the builder fills it). False, with nothing written, when <paramref name="destination"/> is shorter than 8 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        IcmpHeaderLayout.TryWrite(destination, Type, Code, Checksum ?? 0, RestOfHeader, out bytesWritten);

    /// <summary>Reads the first 8 bytes of <paramref name="message"/>, checksum included; false when fewer than 8 bytes are present.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out Icmpv6Header header)
    {
        bool read = IcmpHeaderLayout.TryRead(message, out byte type, out byte code, out ushort checksum, out uint rest);
        header = read ? new Icmpv6Header(type, code, rest) { Checksum = checksum } : default;
        return read;
    }
}
