using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SockScope.Wire.Decoding;

/// <summary>
/// The result of <see cref="PacketDecoder.Decode"/>: up to <see cref="MaxLayers"/> layers,
/// outermost first, and where and why decoding stopped. A plain struct with inline storage, so
/// decoding allocates nothing; reuse one instance across packets.
/// </summary>
public struct DecodedPacket
{
    /// <summary>Layers kept per packet; a deeper packet ends at the last one that fits.</summary>
    public const int MaxLayers = 16;

    private LayerBuffer _layers;
    // Kept as index + 1, so that a default instance says "none" (0) without a constructor.
    private int _ipLayerPlusOne, _fragmentLayerPlusOne;

    /// <summary>Number of layers in <see cref="this[int]"/>.</summary>
    public int Count { get; private set; }
    /// <summary>None when the decoder reached a layer it does not look inside (or the end of the bytes).</summary>
    public WireError StopError { get; private set; }
    /// <summary>The layer the decoder was trying to read when it stopped with an error.</summary>
    public LayerKind StopLayer { get; private set; }
    /// <summary>Frame offset at which the failing layer starts.</summary>
    public int StopOffset { get; private set; }

    /// <summary>
    /// A setting kept across decodes into this instance (<c>false</c> by default): when set, an IPv4
    /// slot (EtherType 0x0800, LINKTYPE_IPV4, IP-in-IP) whose header says version 6 is decoded as
    /// IPv6, as Wireshark does ("Bogus IPv4 version", then its IPv6 dissector); when clear, decoding
    /// stops there with <see cref="WireError.BadVersion"/>, as tcpdump prints it ("IP6, wrong
    /// link-layer encapsulation"). The statistics that match tshark set it.
    /// </summary>
    public bool DecodeIpv6UnderIpv4Type { get; set; }

    /// <summary>Layer <paramref name="index"/>, outermost first.</summary>
    public readonly Layer this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) ThrowIndexOutOfRange(index);
            return _layers[index];
        }
    }

    /// <summary>The layers, outermost first, as a span over this instance (valid while it is and until the next decode into it).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<Layer> Layers
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => MemoryMarshal.CreateReadOnlySpan(in _layers[0], Count);
    }

    /// <summary>
    /// Index of the innermost IPv4 or IPv6 layer, or -1 when there is none: where the flow fields of a
    /// tunnelled packet are read, recorded while decoding so that no consumer walks the layers for it.
    /// </summary>
    public readonly int IpLayerIndex => _ipLayerPlusOne - 1;

    /// <summary>
    /// Index of the outermost IP layer that is a fragment (IPv4 with more-fragments or an offset, or
    /// the IPv6 header whose chain holds a fragment header), or -1: the datagram a defragmenter takes.
    /// </summary>
    public readonly int FragmentLayerIndex => _fragmentLayerPlusOne - 1;

    /// <summary>The innermost decoded layer (default when none).</summary>
    public readonly Layer Innermost => Count == 0 ? default : _layers[Count - 1];

    /// <summary>True when the packet has a layer of that kind; <paramref name="layer"/> is the first one.</summary>
    public readonly bool TryFind(LayerKind kind, out Layer layer)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_layers[i].Kind == kind)
            {
                layer = _layers[i];
                return true;
            }
        }
        layer = default;
        return false;
    }

    /// <summary>True when a layer of <paramref name="kind"/> was decoded.</summary>
    public readonly bool Contains(LayerKind kind) => TryFind(kind, out _);

    // Out of line, so that the indexer stays small enough to inline on the per-packet paths.
    [DoesNotReturn]
    private static void ThrowIndexOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "no layer at this index");

    internal void Reset()
    {
        Count = 0;
        _ipLayerPlusOne = _fragmentLayerPlusOne = 0;
        StopError = WireError.None;
        StopLayer = LayerKind.None;
        StopOffset = 0;
    }

    /// <summary>Adds a layer; false (and a Loop stop) when the fixed capacity is full.</summary>
    internal bool Add(LayerKind kind, int offset, int headerLength)
    {
        if (Count == MaxLayers)
        {
            Stop(kind, offset, WireError.Loop);
            return false;
        }
        _layers[Count++] = new Layer(kind, offset, headerLength);
        return true;
    }

    /// <summary>Adds an IPv4 or IPv6 layer and records it as the innermost IP header so far.</summary>
    internal bool AddIp(LayerKind kind, int offset, int headerLength)
    {
        if (!Add(kind, offset, headerLength)) return false;
        _ipLayerPlusOne = Count;
        return true;
    }

    /// <summary>Records that the innermost IP layer so far is a fragment, unless an outer one already was.</summary>
    internal void MarkInnermostIpFragmented()
    {
        if (_fragmentLayerPlusOne == 0) _fragmentLayerPlusOne = _ipLayerPlusOne;
    }

    internal void Stop(LayerKind kind, int offset, WireError error)
    {
        StopLayer = kind;
        StopOffset = offset;
        StopError = error;
    }

    [InlineArray(MaxLayers)]
    private struct LayerBuffer
    {
        private Layer _first;
    }
}
