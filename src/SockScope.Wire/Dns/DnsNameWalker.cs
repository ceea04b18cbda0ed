namespace SockScope.Wire.Dns;

/// <summary>What <see cref="DnsNameWalker.Next"/> found.</summary>
public enum DnsNameStep : byte
{
    /// <summary>A normal label; it may be cut short by the end of the capture (see <see cref="DnsNameWalker.LabelComplete"/>).</summary>
    Label,
    /// <summary>The root label: the name is complete and <see cref="DnsNameWalker.End"/> is set.</summary>
    Done,
    /// <summary>The capture ends inside the name.</summary>
    Truncated,
    /// <summary>A compression pointer that does not point strictly before the previous one (a loop or forward pointer).</summary>
    BadPointer,
    /// <summary>A label whose top two bits are 10 (reserved).</summary>
    BadLabel,
    /// <summary>An EDNS0 extended label type (top bits 01) other than a bit-string label; <see cref="DnsNameWalker.ExtendedLabelType"/> holds the low six bits.</summary>
    ExtendedLabel,
    /// <summary>An RFC 2673 bit-string label (type 0x41): the label is its count byte and the bits; may be cut like a label.</summary>
    BitLabel,
}

/// <summary>
/// Walks a possibly compressed domain name label by label. Every compression pointer must point
/// strictly before the previous one (and before the name's own start), so a walk always ends:
/// loops and forward pointers stop with <see cref="DnsNameStep.BadPointer"/>. Never reads past the message.
/// </summary>
public ref struct DnsNameWalker
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;
    private int _pointerLimit;
    private int _end;

    /// <summary>Starts a walk at the name that begins at <paramref name="offset"/>.</summary>
    /// <param name="message">The whole DNS message, which compression pointers are relative to.</param>
    /// <param name="offset">Where the name starts in <paramref name="message"/>.</param>
    public DnsNameWalker(ReadOnlySpan<byte> message, int offset)
    {
        _message = message;
        _position = offset;
        _pointerLimit = offset;
        _end = -1;
        LabelComplete = true;
    }

    /// <summary>Offset just after the name where it was first found (valid once <see cref="DnsNameStep.Done"/> was returned).</summary>
    public readonly int End => _end;

    /// <summary>False when the last label returned was cut by the end of the capture.</summary>
    public bool LabelComplete { get; private set; }

    /// <summary>Low six bits of an extended label type byte.</summary>
    public int ExtendedLabelType { get; private set; }

    /// <summary>The declared length of the last label returned (may exceed the bytes returned when cut).</summary>
    public int DeclaredLength { get; private set; }

    /// <summary>Moves to the next label, following compression pointers.</summary>
    /// <param name="label">For <see cref="DnsNameStep.Label"/> and <see cref="DnsNameStep.BitLabel"/>, the label's bytes (cut at the end of the capture); empty otherwise.</param>
    /// <returns>What was found; every value but Label and BitLabel ends the walk.</returns>
    public DnsNameStep Next(out ReadOnlySpan<byte> label)
    {
        label = default;
        while (true)
        {
            if ((uint)_position >= (uint)_message.Length) return DnsNameStep.Truncated;
            byte b = _message[_position];
            switch (b & DnsOffsets.PointerMask)
            {
                case DnsOffsets.PointerMask:
                {
                    if (_position + 1 >= _message.Length) return DnsNameStep.Truncated;
                    int target = ((b & 0x3F) << 8) | _message[_position + 1];
                    if (target >= _pointerLimit) return DnsNameStep.BadPointer;
                    if (_end < 0) _end = _position + 2;
                    _pointerLimit = target;
                    _position = target;
                    continue;
                }
                case DnsOffsets.ExtendedLabelMask:
                {
                    ExtendedLabelType = b & 0x3F;
                    if (ExtendedLabelType != 1) return DnsNameStep.ExtendedLabel;
                    if (_position + 1 >= _message.Length) return DnsNameStep.Truncated;
                    int bits = _message[_position + 1] == 0 ? 256 : _message[_position + 1];
                    int size = 1 + (bits + 7) / 8;
                    int available = Math.Min(size, _message.Length - _position - 1);
                    label = _message.Slice(_position + 1, available);
                    DeclaredLength = size;
                    LabelComplete = available == size;
                    _position = LabelComplete ? _position + 1 + size : _message.Length;
                    return DnsNameStep.BitLabel;
                }
                case 0x80:
                    return DnsNameStep.BadLabel;
                default:
                {
                    if (b == 0)
                    {
                        if (_end < 0) _end = _position + 1;
                        return DnsNameStep.Done;
                    }
                    int start = _position + 1;
                    int available = Math.Min(b, _message.Length - start);
                    label = _message.Slice(start, available);
                    DeclaredLength = b;
                    LabelComplete = available == b;
                    _position = LabelComplete ? start + b : _message.Length;
                    return DnsNameStep.Label;
                }
            }
        }
    }
}
