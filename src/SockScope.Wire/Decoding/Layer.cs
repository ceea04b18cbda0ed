namespace SockScope.Wire.Decoding;

/// <summary>One decoded layer: what it is and where its header starts and ends in the frame.</summary>
public readonly record struct Layer(LayerKind Kind, int Offset, int HeaderLength)
{
    /// <summary>Where the layer's header ends in the frame: its payload (the next layer) starts here.</summary>
    public int End => Offset + HeaderLength;

    /// <summary>The layer's header (not its payload) within the frame it was decoded from.</summary>
    public ReadOnlySpan<byte> HeaderOf(ReadOnlySpan<byte> frame) => frame.Slice(Offset, HeaderLength);

    /// <summary>This layer and everything after it.</summary>
    public ReadOnlySpan<byte> From(ReadOnlySpan<byte> frame) => frame[Offset..];
}
