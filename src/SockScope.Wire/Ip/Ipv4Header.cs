using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Ip;

/// <summary>
/// An IPv4 header as a value (RFC 791). Fields that are normally computed (<see cref="TotalLength"/>,
/// <see cref="HeaderLengthBytes"/>, <see cref="Checksum"/>, <see cref="Protocol"/>) are nullable:
/// null means "fill it in", a value is written as given, even when wrong, so that peers can be
/// tested with broken packets.
/// </summary>
public readonly record struct Ipv4Header
{
    /// <summary>The smallest header, without options: 20 bytes.</summary>
    public const int MinimumSize = Ipv4Offsets.MinHeaderLength;
    /// <summary>The largest header the 4-bit IHL allows: 60 bytes (40 bytes of options).</summary>
    public const int MaximumSize = Ipv4Offsets.MaxHeaderLength;

    /// <summary>A header from <paramref name="source"/> to <paramref name="destination"/>; every other field has its default (TTL 64, no flags, no options).</summary>
    /// <param name="source">The source address.</param>
    /// <param name="destination">The destination address.</param>
    /// <param name="protocol">The protocol field; null lets the builder use the layer inside.</param>
    public Ipv4Header(Ipv4Address source, Ipv4Address destination, IpProtocol? protocol = null)
    {
        Source = source;
        Destination = destination;
        Protocol = protocol;
    }

    /// <summary>The source address.</summary>
    public Ipv4Address Source { get; init; }
    /// <summary>The destination address.</summary>
    public Ipv4Address Destination { get; init; }
    /// <summary>Null: the protocol of the layer inside (set by the builder).</summary>
    public IpProtocol? Protocol { get; init; }
    /// <summary>Time to live: the hop count after which a router drops the packet and answers ICMP time exceeded; 64 by default.</summary>
    public byte Ttl { get; init; } = 64;
    /// <summary>The whole second byte: DSCP in the upper six bits, ECN in the lower two.</summary>
    public byte TypeOfService { get; init; }
    /// <summary>The 16-bit identification that groups the fragments of one datagram; 0 by default (a raw socket sender may have the kernel fill a zero).</summary>
    public ushort Identification { get; init; }
    /// <summary>DF: routers must not fragment the packet (path MTU discovery sets it).</summary>
    public bool DontFragment { get; init; }
    /// <summary>MF: more fragments of this datagram follow.</summary>
    public bool MoreFragments { get; init; }
    /// <summary>The reserved ("evil") bit, RFC 3514; set it only to test peers.</summary>
    public bool ReservedFlag { get; init; }
    /// <summary>Fragment offset in 8-byte units (0-8191).</summary>
    public ushort FragmentOffset { get; init; }
    /// <summary>Raw option bytes; padded with zeros (end of options) to a multiple of four.</summary>
    public ReadOnlyMemory<byte> Options { get; init; }
    /// <summary>Version nibble; 4 unless a test wants a wrong one.</summary>
    public byte Version { get; init; } = 4;
    /// <summary>Header length in bytes to write in the IHL field (a multiple of 4); null = actual length.</summary>
    public int? HeaderLengthBytes { get; init; }
    /// <summary>Total length to write; null = header plus everything inside it.</summary>
    public ushort? TotalLength { get; init; }
    /// <summary>Header checksum to write; null = computed.</summary>
    public ushort? Checksum { get; init; }

    /// <summary>Bytes this header occupies: 20 plus the options padded to four.</summary>
    public int Length => MinimumSize + ((Options.Length + 3) & ~3);

    /// <summary>Writes the header alone, with total length = header length unless set.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) => TryWrite(destination, 0, out bytesWritten);

    /// <summary>Writes the header for a packet carrying <paramref name="payloadLength"/> bytes.</summary>
    public bool TryWrite(Span<byte> destination, int payloadLength, out int bytesWritten)
    {
        bytesWritten = 0;
        int length = Length;
        if (destination.Length < length || Options.Length > MaximumSize - MinimumSize) return false;
        Span<byte> h = destination[..length];
        int ihl = (HeaderLengthBytes ?? length) >> 2;
        h[Ipv4Offsets.VersionAndHeaderLength] = (byte)(Version << 4 | (ihl & 0x0F));
        h[Ipv4Offsets.TypeOfService] = TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(h[Ipv4Offsets.TotalLength..], TotalLength ?? (ushort)Math.Min(ushort.MaxValue, length + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(h[Ipv4Offsets.Identification..], Identification);
        int flags = (ReservedFlag ? Ipv4Offsets.ReservedFlag : 0) | (DontFragment ? Ipv4Offsets.DontFragmentFlag : 0) | (MoreFragments ? Ipv4Offsets.MoreFragmentsFlag : 0);
        BinaryPrimitives.WriteUInt16BigEndian(h[Ipv4Offsets.FlagsAndFragmentOffset..], (ushort)(flags | (FragmentOffset & Ipv4Offsets.FragmentOffsetMask)));
        h[Ipv4Offsets.TimeToLive] = Ttl;
        h[Ipv4Offsets.Protocol] = (byte)(Protocol ?? 0);
        h.Slice(Ipv4Offsets.HeaderChecksum, 2).Clear();
        Source.Write(h[Ipv4Offsets.Source..]);
        Destination.Write(h[Ipv4Offsets.Destination..]);
        Options.Span.CopyTo(h[MinimumSize..]);
        h[(MinimumSize + Options.Length)..].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(h[Ipv4Offsets.HeaderChecksum..], Checksum ?? InternetChecksum.Compute(h));
        bytesWritten = length;
        return true;
    }

    /// <summary>Reads a header as it is on the wire (every field kept, even inconsistent ones).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Ipv4Header header)
    {
        header = default;
        if (packet.Length < MinimumSize) return false;
        int ihl = (packet[0] & 0x0F) << 2;
        if (ihl < MinimumSize || ihl > packet.Length) return false;
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv4Offsets.FlagsAndFragmentOffset..]);
        header = new Ipv4Header(Ipv4Address.Read(packet[Ipv4Offsets.Source..]), Ipv4Address.Read(packet[Ipv4Offsets.Destination..]), (IpProtocol)packet[Ipv4Offsets.Protocol])
        {
            Version = (byte)(packet[0] >> 4),
            TypeOfService = packet[Ipv4Offsets.TypeOfService],
            TotalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv4Offsets.TotalLength..]),
            Identification = BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv4Offsets.Identification..]),
            ReservedFlag = (fragment & Ipv4Offsets.ReservedFlag) != 0,
            DontFragment = (fragment & Ipv4Offsets.DontFragmentFlag) != 0,
            MoreFragments = (fragment & Ipv4Offsets.MoreFragmentsFlag) != 0,
            FragmentOffset = (ushort)(fragment & Ipv4Offsets.FragmentOffsetMask),
            Ttl = packet[Ipv4Offsets.TimeToLive],
            Checksum = BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv4Offsets.HeaderChecksum..]),
            HeaderLengthBytes = ihl,
            Options = ihl > MinimumSize ? packet[MinimumSize..ihl].ToArray() : ReadOnlyMemory<byte>.Empty,
        };
        return true;
    }
}
