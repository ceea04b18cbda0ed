namespace SockScope.Wire.Ip;

/// <summary>
/// One option of a kind-length-data list, as IPv4 and TCP use them. End-of-list and no-operation
/// are single bytes (length 1, no data); every other kind carries a length that counts the
/// kind and length bytes.
/// </summary>
public readonly ref struct KindLengthOption
{
    /// <summary>Creates an option from its parsed parts.</summary>
    /// <param name="kind">The kind (type) byte.</param>
    /// <param name="length">The total length in bytes, kind and length bytes included (1 for single-byte options).</param>
    /// <param name="data">The bytes after kind and length.</param>
    public KindLengthOption(byte kind, int length, ReadOnlySpan<byte> data)
    {
        Kind = kind;
        Length = length;
        Data = data;
    }

    /// <summary>The kind byte: for IPv4 the whole type byte (<see cref="Ipv4OptionType"/>), for TCP a <see cref="SockScope.Wire.Transport.TcpOptionKind"/>.</summary>
    public byte Kind { get; }
    /// <summary>The option's length in bytes, kind and length bytes included.</summary>
    public int Length { get; }
    /// <summary>The bytes after kind and length (empty for single-byte options).</summary>
    public ReadOnlySpan<byte> Data { get; }
}

/// <summary>
/// Walks a kind-length-data option list without allocating. Enumeration stops after
/// end-of-list, at the end of the bytes, or at a malformed option; <see cref="Error"/> then
/// tells which (BadOption for a length below 2, Truncated for a length past the end).
/// </summary>
public ref struct KindLengthOptionEnumerator
{
    private OptionListWalker _walker;
    private KindLengthOption _current;

    /// <summary>Starts a walk over <paramref name="options"/>: the option bytes of an IPv4 or TCP header, after the fixed part.</summary>
    public KindLengthOptionEnumerator(ReadOnlySpan<byte> options)
    {
        // Kinds 0 (end of list) and 1 (no operation) are single bytes; the length byte counts kind and length.
        _walker = new OptionListWalker(options, lastSingleByteKind: 1, endOfListKind: 0, lengthByteExcludes: 0);
        _current = default;
    }

    /// <summary>The option <see cref="MoveNext"/> stopped on; its spans point into the option bytes.</summary>
    public readonly KindLengthOption Current => _current;
    /// <summary>Why enumeration stopped early; None after a clean end.</summary>
    public readonly WireError Error => _walker.Error;
    /// <summary>The offset of <see cref="Current"/> within the option bytes.</summary>
    public readonly int Offset => _walker.Offset;

    /// <summary>Returns this enumerator, so a <c>foreach</c> can walk the list.</summary>
    public readonly KindLengthOptionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next option; false at the end of the bytes, after end-of-list, or at a malformed option (see <see cref="Error"/>).</summary>
    public bool MoveNext()
    {
        if (!_walker.TryNext(out byte kind, out int length, out ReadOnlySpan<byte> data)) return false;
        _current = new KindLengthOption(kind, length, data);
        return true;
    }
}
