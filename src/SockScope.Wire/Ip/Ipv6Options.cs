namespace SockScope.Wire.Ip;

/// <summary>One option of a hop-by-hop or destination-options header (RFC 8200 4.2).</summary>
public readonly ref struct Ipv6Option
{
    public Ipv6Option(byte type, ReadOnlySpan<byte> data, int length)
    {
        Type = type;
        Data = data;
        Length = length;
    }

    /// <summary>0 Pad1, 1 PadN, 5 router alert, 0xC2 jumbo payload, ...</summary>
    public byte Type { get; }
    public ReadOnlySpan<byte> Data { get; }
    /// <summary>Bytes the option occupies, type and length included (1 for Pad1).</summary>
    public int Length { get; }
}

/// <summary>Walks IPv6 TLV options; stops with Truncated when an option's length runs past the header.</summary>
public ref struct Ipv6OptionEnumerator
{
    public const byte Pad1 = 0;
    public const byte PadN = 1;
    public const byte RouterAlert = 5;
    public const byte JumboPayload = 0xC2;

    private readonly ReadOnlySpan<byte> _options;
    private int _next;
    private Ipv6Option _current;

    public Ipv6OptionEnumerator(ReadOnlySpan<byte> options)
    {
        _options = options;
        _next = 0;
        _current = default;
        Error = WireError.None;
    }

    public readonly Ipv6Option Current => _current;
    public WireError Error { get; private set; }

    public readonly Ipv6OptionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next >= _options.Length || Error != WireError.None) return false;
        byte type = _options[_next];
        if (type == Pad1)
        {
            _current = new Ipv6Option(type, default, 1);
            _next++;
            return true;
        }
        if (_next + 2 > _options.Length || _next + 2 + _options[_next + 1] > _options.Length)
        {
            Error = WireError.Truncated;
            return false;
        }
        int length = 2 + _options[_next + 1];
        _current = new Ipv6Option(type, _options.Slice(_next + 2, length - 2), length);
        _next += length;
        return true;
    }
}
