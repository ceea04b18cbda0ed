using System.Buffers.Binary;

namespace SockScope.Wire.Ip;

/// <summary>
/// One IPv6 extension header (hop-by-hop, routing, fragment, destination options, AH), as the
/// walker yields it: its own type, the type of what follows, and its bytes.
/// </summary>
public readonly ref struct Ipv6Extension
{
    /// <summary>Wraps one extension header's bytes.</summary>
    /// <param name="type">The extension's type (the next-header value that announced it).</param>
    /// <param name="bytes">The whole extension header; at least its first two bytes.</param>
    public Ipv6Extension(IpProtocol type, ReadOnlySpan<byte> bytes)
    {
        Type = type;
        Bytes = bytes;
    }

    /// <summary>Which extension this is (HopByHop, Routing, Fragment, DestinationOptions, Ah, ...).</summary>
    public IpProtocol Type { get; }
    /// <summary>The whole extension header, its first two bytes included.</summary>
    public ReadOnlySpan<byte> Bytes { get; }
    /// <summary>The next-header byte: the type of what follows this extension.</summary>
    public IpProtocol NextHeader => (IpProtocol)Bytes[Ipv6ExtensionOffsets.NextHeader];
    /// <summary>The extension's length in bytes: (Hdr Ext Len + 1) × 8, 8 for a fragment header, (Payload Len + 2) × 4 for AH.</summary>
    public int Length => Bytes.Length;

    /// <summary>The TLV options of a hop-by-hop or destination-options header (empty for others).</summary>
    public Ipv6OptionEnumerator Options => Type is IpProtocol.HopByHop or IpProtocol.DestinationOptions
        ? new Ipv6OptionEnumerator(Bytes[Ipv6ExtensionOffsets.Options..])
        : new Ipv6OptionEnumerator(default);

    // Routing header fields (Type == Routing).
    /// <summary>The routing type (0 deprecated, 2 Mobile IPv6, 3 RPL, 4 segment routing); 0 when this is not a routing header.</summary>
    public byte RoutingType => Type == IpProtocol.Routing ? Bytes[Ipv6RoutingOffsets.RoutingType] : (byte)0;
    /// <summary>Segments Left: the route segments still to visit; 0 when this is not a routing header.</summary>
    public byte SegmentsLeft => Type == IpProtocol.Routing ? Bytes[Ipv6RoutingOffsets.SegmentsLeft] : (byte)0;
    /// <summary>The bytes after the first 8 of a routing header: the addresses for types 0, 2 and 4.</summary>
    public ReadOnlySpan<byte> RoutingData => Type == IpProtocol.Routing ? Bytes[Ipv6RoutingOffsets.Addresses..] : default;

    // Fragment header fields (Type == Fragment).
    private ushort OffsetAndFlags => Type == IpProtocol.Fragment ? BinaryPrimitives.ReadUInt16BigEndian(Bytes[Ipv6FragmentOffsets.OffsetAndFlags..]) : (ushort)0;
    /// <summary>The fragment offset in bytes.</summary>
    public int FragmentOffset => OffsetAndFlags & 0xFFF8;
    /// <summary>M flag of a fragment header: more fragments follow; false for other extensions.</summary>
    public bool MoreFragments => (OffsetAndFlags & 1) != 0;
    /// <summary>The 32-bit identification shared by the fragments of one packet; 0 when this is not a fragment header.</summary>
    public uint FragmentIdentification => Type == IpProtocol.Fragment ? BinaryPrimitives.ReadUInt32BigEndian(Bytes[Ipv6FragmentOffsets.Identification..]) : 0;
}

/// <summary>
/// Walks IPv6 extension headers from a next-header value to the first header that is not an
/// extension (the upper layer), without allocating. Stops early at a non-first fragment (the
/// rest is not a header), at a truncated or malformed extension (<see cref="Error"/>), or after
/// <see cref="MaxExtensions"/> headers (Loop).
/// </summary>
public ref struct Ipv6ExtensionWalker
{
    /// <summary>The most extension headers walked before the walk stops with <see cref="WireError.Loop"/>.</summary>
    public const int MaxExtensions = 16;

    private ReadOnlySpan<byte> _rest;
    private Ipv6Extension _current;
    private int _count;
    private bool _done;
    private int _consumed;

    /// <summary>Starts a walk.</summary>
    /// <param name="firstHeader">The Next Header field of the fixed IPv6 header.</param>
    /// <param name="afterFixedHeader">The bytes after the 40-byte fixed header.</param>
    public Ipv6ExtensionWalker(IpProtocol firstHeader, ReadOnlySpan<byte> afterFixedHeader)
    {
        UpperProtocol = firstHeader;
        _rest = afterFixedHeader;
        _current = default;
        _count = 0;
        _done = false;
        _consumed = 0;
        Error = WireError.None;
        Offset = 0;
        IsLaterFragment = false;
    }

    /// <summary>The extension <see cref="MoveNext"/> stopped on.</summary>
    public readonly Ipv6Extension Current => _current;
    /// <summary>Offset of <see cref="Current"/> from the end of the fixed header.</summary>
    public int Offset { get; private set; }
    /// <summary>The header type after the last extension walked so far (the upper layer once done).</summary>
    public IpProtocol UpperProtocol { get; private set; }
    /// <summary>The bytes after the last extension walked so far (the upper-layer payload once done).</summary>
    public readonly ReadOnlySpan<byte> UpperPayload => _rest;
    /// <summary>Why the walk stopped early; None when it reached the upper layer.</summary>
    public WireError Error { get; private set; }
    /// <summary>True when a fragment header with a non-zero offset was met: what follows is not a header.</summary>
    public bool IsLaterFragment { get; private set; }

    /// <summary>Returns this walker, so a <c>foreach</c> can walk the chain.</summary>
    public readonly Ipv6ExtensionWalker GetEnumerator() => this;

    /// <summary>True for the next-header values that are IPv6 extension headers: hop-by-hop (0), routing (43), fragment (44), destination options (60), AH (51), mobility (135). ESP (50) is not, as nothing after it can be read.</summary>
    public static bool IsExtension(IpProtocol type) =>
        type is IpProtocol.HopByHop or IpProtocol.Routing or IpProtocol.Fragment or IpProtocol.DestinationOptions
            or IpProtocol.Ah or IpProtocol.Mobility;

    /// <summary>Moves to the next extension header; false at the upper layer, at a later fragment, or on an error (see <see cref="Error"/>).</summary>
    public bool MoveNext()
    {
        if (_done || !IsExtension(UpperProtocol)) return false;
        if (_count == MaxExtensions)
        {
            Error = WireError.Loop;
            _done = true;
            return false;
        }
        int length;
        if (UpperProtocol == IpProtocol.Fragment) length = Ipv6FragmentOffsets.Length;
        else if (_rest.Length < 2)
        {
            Error = WireError.Truncated;
            _done = true;
            return false;
        }
        else if (UpperProtocol == IpProtocol.Ah) length = (_rest[AuthenticationHeaderOffsets.LengthUnits] + 2) * 4;
        else length = (_rest[Ipv6ExtensionOffsets.LengthUnits] + 1) * 8;

        if (_rest.Length < length)
        {
            Error = WireError.Truncated;
            _done = true;
            return false;
        }
        Offset = _consumed;
        _consumed += length;
        _current = new Ipv6Extension(UpperProtocol, _rest[..length]);
        _rest = _rest[length..];
        _count++;
        UpperProtocol = _current.NextHeader;
        if (_current.Type == IpProtocol.Fragment && _current.FragmentOffset != 0)
        {
            IsLaterFragment = true;
            _done = true;
        }
        return true;
    }

    /// <summary>Walks to the end and returns the upper-layer protocol (or where it stopped).</summary>
    public IpProtocol SkipToUpperLayer()
    {
        while (MoveNext()) { }
        return UpperProtocol;
    }
}
