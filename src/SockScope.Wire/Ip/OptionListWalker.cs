namespace SockScope.Wire.Ip;

/// <summary>
/// The one walk over a type-length-value option list, shared by <see cref="KindLengthOptionEnumerator"/>
/// (IPv4 and TCP options) and <see cref="Ipv6OptionEnumerator"/> (hop-by-hop and destination
/// options). The two lists differ only in which kinds are a single byte, whether one of them ends
/// the list, and whether the length byte counts the type and length bytes; the bounds checks are
/// the same.
/// </summary>
internal ref struct OptionListWalker
{
    private readonly ReadOnlySpan<byte> _options;
    private readonly byte _lastSingleByteKind;
    private readonly int _endOfListKind;
    private readonly int _lengthByteExcludes;
    private int _next;

    /// <summary>Starts a walk over <paramref name="options"/>.</summary>
    /// <param name="options">The option bytes.</param>
    /// <param name="lastSingleByteKind">Kinds 0 up to this one have no length byte (IPv4 and TCP: 1, IPv6: 0, Pad1).</param>
    /// <param name="endOfListKind">The kind after which nothing is an option (0 for IPv4 and TCP), or -1 for none (IPv6).</param>
    /// <param name="lengthByteExcludes">What the length byte leaves out: 0 when it counts the whole option (IPv4, TCP), 2 when only the data (IPv6).</param>
    public OptionListWalker(ReadOnlySpan<byte> options, byte lastSingleByteKind, int endOfListKind, int lengthByteExcludes)
    {
        _options = options;
        _lastSingleByteKind = lastSingleByteKind;
        _endOfListKind = endOfListKind;
        _lengthByteExcludes = lengthByteExcludes;
        _next = 0;
        Error = WireError.None;
        Offset = 0;
    }

    /// <summary>Why the walk stopped early; None after a clean end.</summary>
    public WireError Error { get; private set; }

    /// <summary>The offset of the last option read within the option bytes.</summary>
    public int Offset { get; private set; }

    /// <summary>Reads the next option: its kind, the bytes it occupies (type and length included) and its data; false at the end, after end-of-list, or at a malformed option (see <see cref="Error"/>).</summary>
    public bool TryNext(out byte kind, out int length, out ReadOnlySpan<byte> data)
    {
        kind = 0;
        length = 0;
        data = default;
        if (_next >= _options.Length || Error != WireError.None) return false;
        Offset = _next;
        kind = _options[_next];
        if (kind <= _lastSingleByteKind)
        {
            length = 1;
            // End-of-list: nothing after it is an option.
            _next = kind == _endOfListKind ? _options.Length : _next + 1;
            return true;
        }
        if (_next + 1 >= _options.Length)
        {
            Error = WireError.Truncated;
            return false;
        }
        length = _options[_next + 1] + _lengthByteExcludes;
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
        data = _options.Slice(_next + 2, length - 2);
        _next += length;
        return true;
    }
}
