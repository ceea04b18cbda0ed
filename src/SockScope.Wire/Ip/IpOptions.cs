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
    private readonly ReadOnlySpan<byte> _options;
    private int _next;
    private KindLengthOption _current;

    /// <summary>Starts a walk over <paramref name="options"/>: the option bytes of an IPv4 or TCP header, after the fixed part.</summary>
    public KindLengthOptionEnumerator(ReadOnlySpan<byte> options)
    {
        _options = options;
        _next = 0;
        _current = default;
        Error = WireError.None;
        Offset = 0;
    }

    /// <summary>The option <see cref="MoveNext"/> stopped on; its spans point into the option bytes.</summary>
    public readonly KindLengthOption Current => _current;
    /// <summary>Why enumeration stopped early; None after a clean end.</summary>
    public WireError Error { get; private set; }
    /// <summary>The offset of <see cref="Current"/> within the option bytes.</summary>
    public int Offset { get; private set; }

    /// <summary>Returns this enumerator, so a <c>foreach</c> can walk the list.</summary>
    public readonly KindLengthOptionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next option; false at the end of the bytes, after end-of-list, or at a malformed option (see <see cref="Error"/>).</summary>
    public bool MoveNext()
    {
        if (_next >= _options.Length || Error != WireError.None) return false;
        Offset = _next;
        byte kind = _options[_next];
        if (kind is 0 or 1)
        {
            _current = new KindLengthOption(kind, 1, default);
            // End-of-list: nothing after it is an option.
            _next = kind == 0 ? _options.Length : _next + 1;
            return true;
        }
        if (_next + 1 >= _options.Length)
        {
            Error = WireError.Truncated;
            return false;
        }
        int length = _options[_next + 1];
        if (length < 2)
        {
            Error = WireError.BadOption;
            return false;
        }
        if (_next + length > _options.Length)
        {
            Error = WireError.Truncated;
            return false;
        }
        _current = new KindLengthOption(kind, length, _options.Slice(_next + 2, length - 2));
        _next += length;
        return true;
    }
}
