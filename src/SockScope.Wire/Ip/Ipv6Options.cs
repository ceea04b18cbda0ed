namespace SockScope.Wire.Ip;

/// <summary>One option of a hop-by-hop or destination-options header (RFC 8200 4.2).</summary>
public readonly ref struct Ipv6Option
{
    /// <summary>Creates an option from its parsed parts.</summary>
    /// <param name="type">The option type byte (its top two bits say what a node that does not know it must do).</param>
    /// <param name="data">The option data after type and length (empty for Pad1).</param>
    /// <param name="length">The bytes the option occupies, type and length included.</param>
    public Ipv6Option(byte type, ReadOnlySpan<byte> data, int length)
    {
        Type = type;
        Data = data;
        Length = length;
    }

    /// <summary>0 Pad1, 1 PadN, 5 router alert, 0xC2 jumbo payload, ...</summary>
    public byte Type { get; }
    /// <summary>The option data after the type and length bytes; empty for Pad1.</summary>
    public ReadOnlySpan<byte> Data { get; }
    /// <summary>Bytes the option occupies, type and length included (1 for Pad1).</summary>
    public int Length { get; }
}

/// <summary>Walks IPv6 TLV options; stops with Truncated when an option's length runs past the header.</summary>
public ref struct Ipv6OptionEnumerator
{
    /// <summary>Pad1 (0): a single padding byte, no length.</summary>
    public const byte Pad1 = 0;
    /// <summary>PadN (1): two or more padding bytes.</summary>
    public const byte PadN = 1;
    /// <summary>Router Alert (5, RFC 2711): routers should examine the packet; 2 data bytes (0 for MLD).</summary>
    public const byte RouterAlert = 5;
    /// <summary>Jumbo Payload (0xC2, RFC 2675): a 32-bit payload length for packets over 65535 bytes.</summary>
    public const byte JumboPayload = 0xC2;

    private OptionListWalker _walker;
    private Ipv6Option _current;

    /// <summary>Starts a walk over <paramref name="options"/>: the bytes after the two header bytes of a hop-by-hop or destination-options header.</summary>
    public Ipv6OptionEnumerator(ReadOnlySpan<byte> options)
    {
        // Only Pad1 is a single byte and nothing ends the list early; the length byte counts the data alone.
        _walker = new OptionListWalker(options, lastSingleByteKind: Pad1, endOfListKind: -1, lengthByteExcludes: 2);
        _current = default;
    }

    /// <summary>The option <see cref="MoveNext"/> stopped on; padding options included.</summary>
    public readonly Ipv6Option Current => _current;
    /// <summary>Why enumeration stopped early: <see cref="WireError.Truncated"/> when an option's length runs past the header; <see cref="WireError.None"/> after a clean end.</summary>
    public readonly WireError Error => _walker.Error;

    /// <summary>Returns this enumerator, so a <c>foreach</c> can walk the options.</summary>
    public readonly Ipv6OptionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next option; false at the end of the bytes or at a truncated option (see <see cref="Error"/>).</summary>
    public bool MoveNext()
    {
        if (!_walker.TryNext(out byte type, out int length, out ReadOnlySpan<byte> data)) return false;
        _current = new Ipv6Option(type, data, length);
        return true;
    }
}
