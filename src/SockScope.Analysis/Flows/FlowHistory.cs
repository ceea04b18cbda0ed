namespace SockScope.Analysis.Flows;

/// <summary>
/// Zeek's history string (one small buffer per flow, so no allocation per packet): upper case for
/// the originator, lower case for the responder. Capped at <see cref="Capacity"/> letters.
/// </summary>
internal struct FlowHistory
{
    public const int Capacity = 40;

    private byte[]? _letters;
    private byte _length;
    // Letters recorded at most once per direction (A D I Q), one bit each.
    private ushort _once;

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> AsSpan() => _letters.AsSpan(0, _length);

    public void Add(char letter)
    {
        _letters ??= new byte[Capacity];
        if (_length < Capacity) _letters[_length++] = (byte)letter;
    }

    /// <summary>Adds the letter the first time only (per letter and direction).</summary>
    public void AddOnce(char letter, int bit)
    {
        if ((_once & (1 << bit)) != 0) return;
        _once |= (ushort)(1 << bit);
        Add(letter);
    }
}

/// <summary>Counts for the letters Zeek logs on a logarithmic scale (C G T W): added at the 1st, 10th, 100th... event.</summary>
internal struct LogScaleCounter
{
    private long _count;
    private long _next;

    /// <summary>Counts one event; true when the count reached the next power of ten.</summary>
    public bool Tick()
    {
        if (_next == 0) _next = 1;
        _count++;
        if (_count < _next) return false;
        _next *= 10;
        return true;
    }
}
