using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using SockScope.Wire;
using SockScope.Wire.Addresses;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Statistics;

/// <summary>What a <see cref="TransportView"/> describes.</summary>
public enum ViewKind : byte
{
    /// <summary>A link or tunnel layer without addresses the tables use (sll, vlan, null, ...).</summary>
    Other,
    /// <summary>An Ethernet header.</summary>
    Ethernet,
    /// <summary>An IPv4 header.</summary>
    Ipv4,
    /// <summary>An IPv6 header (with its extension headers).</summary>
    Ipv6,
    /// <summary>A TCP header.</summary>
    Tcp,
    /// <summary>A UDP header.</summary>
    Udp,
}

/// <summary>One protocol layer of a frame as tshark's taps see it.</summary>
public readonly ref struct TransportView
{
    internal TransportView(ViewKind kind, string name, AddressPair pair, ReadOnlySpan<byte> payload, uint segmentLength,
        TcpFlags flags, uint sequence, uint acknowledgment, bool reassembled, bool tapped = true)
    {
        Tapped = tapped;
        Kind = kind;
        Name = name;
        Pair = pair;
        Payload = payload;
        SegmentLength = segmentLength;
        Flags = flags;
        Sequence = sequence;
        Acknowledgment = acknowledgment;
        Reassembled = reassembled;
    }

    /// <summary>What the layer is.</summary>
    public ViewKind Kind { get; }
    /// <summary>tshark's protocol name for it ("eth", "ip", "tcp", ...).</summary>
    public string Name { get; }
    /// <summary>Addresses (and ports) for the tables; default for layers without them.</summary>
    public AddressPair Pair { get; }
    /// <summary>TCP/UDP: the captured payload bytes (empty for a datagram completed from fragments).</summary>
    public ReadOnlySpan<byte> Payload { get; }
    /// <summary>TCP: the payload length the IP header announces (tshark's seglen).</summary>
    public uint SegmentLength { get; }
    /// <summary>TCP flags.</summary>
    public TcpFlags Flags { get; }
    /// <summary>TCP sequence number.</summary>
    public uint Sequence { get; }
    /// <summary>TCP acknowledgement number.</summary>
    public uint Acknowledgment { get; }
    /// <summary>
    /// False for a layer tshark shows in the protocol hierarchy but does not hand to its
    /// conversation taps (an IPv6 fragment that does not complete a datagram).
    /// </summary>
    public bool Tapped { get; }
    /// <summary>True for a transport header reported at a fragmented datagram's last fragment.</summary>
    public bool Reassembled { get; }
}

/// <summary>
/// Walks a decoded frame's layers and yields what tshark's taps would see, fragment-aware (see
/// <see cref="FragmentPorts"/>). Allocation-free: a ref struct that is its own enumerator.
/// </summary>
public ref struct FrameWalker
{
    private readonly ReadOnlySpan<byte> _frame;
    // A reference, not a copy: the decoded packet is a few hundred bytes and the walker runs per tap per frame.
    private readonly ref readonly DecodedPacket _decoded;
    private readonly FragmentPorts _fragments;
    private int _index;
    private StatAddress _source, _destination;
    // The destination the transport layer is keyed on: an IPv6 routing header's final destination
    // when segments are left (tshark keys TCP and UDP conversations on it), else _destination.
    private StatAddress _transportDestination;
    private int _ipEnd;
    private bool _haveIp;
    private bool _ended;
    private FragmentState _state;
    private FragmentPorts.Key _key;
    private TransportView _current;
    private readonly ViewKind _only;
    private readonly bool _filtered;

    private enum FragmentState : byte { None, First, Middle, Last }

    /// <summary>Walks <paramref name="decoded"/> (decoded from <paramref name="frame"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FrameWalker(ReadOnlySpan<byte> frame, in DecodedPacket decoded, FragmentPorts fragments)
    {
        _frame = frame;
        _decoded = ref decoded;
        _fragments = fragments;
    }

    /// <summary>
    /// Walks <paramref name="decoded"/> but yields only layers of <paramref name="only"/> (and the
    /// transport headers reported at a fragmented datagram's last fragment, whatever they are): a
    /// table of one kind skips building the views it would throw away. The walk and the fragment
    /// bookkeeping are the same as without the filter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FrameWalker(ReadOnlySpan<byte> frame, in DecodedPacket decoded, FragmentPorts fragments, ViewKind only)
        : this(frame, decoded, fragments)
    {
        _only = only;
        _filtered = true;
    }

    /// <summary>The enumerator (a copy of this walker: loop with <see cref="MoveNext"/> on the walker itself to save the copy).</summary>
    public readonly FrameWalker GetEnumerator() => this;

    /// <summary>The layer reached (a reference into the walker: read it before the next <see cref="MoveNext"/>).</summary>
    [UnscopedRef]
    public readonly ref readonly TransportView Current => ref _current;

    /// <summary>Moves to the next layer a tap sees; false at the end.</summary>
    public bool MoveNext()
    {
        ReadOnlySpan<Layer> layers = _decoded.Layers;
        while (!_ended && _index < layers.Length)
        {
            int i = _index++;
            Layer layer = layers[i];
            ReadOnlySpan<byte> bytes = layer.From(_frame);
            if (_state is FragmentState.First or FragmentState.Middle or FragmentState.Last)
            {
                if (TryFragmentLayer(layer, i)) return true;
                continue;
            }
            switch (layer.Kind)
            {
                case LayerKind.Ethernet:
                    if (_filtered && _only != ViewKind.Ethernet) break;
                    if (TryEthernet(bytes)) return true;
                    break;
                case LayerKind.Ipv4:
                {
                    // The decoder added the layer after checking the header: its fields are read in place.
                    _source = StatAddress.From(Ipv4Address.Read(bytes[Ipv4Offsets.Source..]));
                    _destination = StatAddress.From(Ipv4Address.Read(bytes[Ipv4Offsets.Destination..]));
                    _transportDestination = _destination;
                    _ipEnd = layer.Offset + Ipv4Packet.DatagramLength(bytes);
                    _haveIp = true;
                    int flags = BinaryPrimitives.ReadUInt16BigEndian(bytes[Ipv4Offsets.FlagsAndFragmentOffset..]);
                    if ((flags & (Ipv4Offsets.MoreFragmentsFlag | Ipv4Offsets.FragmentOffsetMask)) != 0)
                    {
                        _key = new(_source, _destination, (uint)BinaryPrimitives.ReadUInt16BigEndian(bytes[Ipv4Offsets.Identification..]) << 8 | bytes[Ipv4Offsets.Protocol]);
                        _state = (flags & Ipv4Offsets.FragmentOffsetMask) == 0 ? FragmentState.First
                            : (flags & Ipv4Offsets.MoreFragmentsFlag) != 0 ? FragmentState.Middle : FragmentState.Last;
                    }
                    if (_filtered && _only != ViewKind.Ipv4) break;
                    _current = Simple(ViewKind.Ipv4, "ip", new(_source, _destination, 0, 0));
                    return true;
                }
                case LayerKind.Ipv6:
                    if (TryIpv6(bytes, layer, i)) return true;
                    break;
                case LayerKind.Tcp:
                    if (_filtered && _only != ViewKind.Tcp) break;
                    if (!_haveIp) break;
                    {
                        // The decoder added the layer with its whole header captured.
                        int payloadStart = layer.Offset + layer.HeaderLength;
                        var flags = (TcpFlags)(((bytes[TcpOffsets.DataOffset] & 1) << 8) | bytes[TcpOffsets.Flags]);
                        _current = new TransportView(ViewKind.Tcp, "tcp",
                            new(_source, _transportDestination, BinaryPrimitives.ReadUInt16BigEndian(bytes[TcpOffsets.SourcePort..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[TcpOffsets.DestinationPort..])),
                            PayloadAfter(i), (uint)Math.Max(0, _ipEnd - payloadStart), flags,
                            BinaryPrimitives.ReadUInt32BigEndian(bytes[TcpOffsets.SequenceNumber..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[TcpOffsets.AcknowledgmentNumber..]), false);
                    }
                    return true;
                case LayerKind.Udp:
                    if (_filtered && _only != ViewKind.Udp) break;
                    if (!_haveIp) break;
                    // tshark's UDP dissector gives up on a length field below the header's 8 bytes
                    // before it taps the conversation (the protocol is still in the hierarchy).
                    bool bogusLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[UdpOffsets.Length..]) < UdpOffsets.HeaderLength;
                    _current = new TransportView(ViewKind.Udp, "udp",
                        new(_source, _transportDestination, BinaryPrimitives.ReadUInt16BigEndian(bytes[UdpOffsets.SourcePort..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[UdpOffsets.DestinationPort..])),
                        PayloadAfter(i), 0, default, 0, 0, false, tapped: !bogusLength);
                    return true;
                default:
                    if (_filtered && _only != ViewKind.Other) break;
                    if (ProtocolHierarchyTap.LayerName(layer.Kind) is { } name)
                    {
                        _current = Simple(ViewKind.Other, name, default);
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    // The rarer layers are read out of line, so that their locals do not widen MoveNext's frame
    // (every call zeroes it; MoveNext runs at least twice per frame per tap).

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryEthernet(ReadOnlySpan<byte> bytes)
    {
        if (!EthernetFrame.TryCreate(bytes, out EthernetFrame eth, out _)) return false;
        _current = Simple(ViewKind.Ethernet, "eth", new(StatAddress.From(eth.Source), StatAddress.From(eth.Destination), 0, 0));
        return true;
    }

    /// <summary>An IPv6 header: its addresses, its fragment state (from the extension layers after it), and its view unless filtered out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryIpv6(ReadOnlySpan<byte> bytes, Layer layer, int i)
    {
        if (!Ipv6Packet.TryCreate(bytes, out Ipv6Packet v6, out _)) return false;
        _source = StatAddress.From(v6.Source);
        _destination = StatAddress.From(v6.Destination);
        _transportDestination = _destination;
        _ipEnd = layer.Offset + v6.HeaderLength + v6.PayloadLength;
        _haveIp = true;
        // One pass over the extension headers: the first routing header names the final
        // destination, the first fragment header the fragment state.
        bool routingSeen = false, fragmentSeen = false;
        int j = i + 1;
        for (; j < _decoded.Count && IsExtension(_decoded[j].Kind); j++)
        {
            if (_decoded[j].Kind == LayerKind.Ipv6Routing && !routingSeen)
            {
                routingSeen = true;
                if (FinalDestination(_decoded[j].HeaderOf(_frame)) is { } final) _transportDestination = final;
            }
            else if (_decoded[j].Kind == LayerKind.Ipv6Fragment && !fragmentSeen)
            {
                fragmentSeen = true;
                var fragment = new Ipv6Extension(IpProtocol.Fragment, _decoded[j].HeaderOf(_frame));
                if (fragment.FragmentOffset == 0 && !fragment.MoreFragments) continue;  // an atomic fragment
                _key = new(_source, _destination, fragment.FragmentIdentification);
                _state = fragment.FragmentOffset == 0 ? FragmentState.First : fragment.MoreFragments ? FragmentState.Middle : FragmentState.Last;
            }
        }
        if (_filtered && _only != ViewKind.Ipv6) return false;
        // tshark taps IPv6 only on the fragment that completes a datagram, and only once its
        // extension headers (up to layer j) were read without an exception.
        bool tapped = (_state == FragmentState.None || (_state == FragmentState.Last && _fragments.Contains(_key)))
            && !ExtensionHeadersMalformed(v6, i, j);
        _current = new TransportView(ViewKind.Ipv6, "ipv6", new(_source, _destination, 0, 0), default, 0, default, 0, 0, false, tapped);
        return true;
    }

    /// <summary>
    /// The final destination a routing header names while segments are left: the last address of a
    /// type 0 header, the home address of type 2, segment list [0] of a segment routing header
    /// (type 4). Null when no segment is left or the type names none.
    /// </summary>
    private static StatAddress? FinalDestination(ReadOnlySpan<byte> routing)
    {
        // RFC 8200 4.4: next header, length in 8-byte units, routing type, segments left, then the
        // type's data; the addresses of types 0, 2 and 4 start at byte 8.
        const int lengthUnits = 1, routingType = 2, segmentsLeft = 3, addressesOffset = 8, addressLength = 16;
        if (routing.Length < addressesOffset + addressLength || routing[segmentsLeft] == 0) return null;
        int at = routing[routingType] switch
        {
            0 => addressesOffset + (routing[lengthUnits] / 2 - 1) * addressLength,
            2 or 4 => addressesOffset,
            _ => -1,
        };
        if (at < addressesOffset || at + addressLength > routing.Length) return null;
        return StatAddress.From(Ipv6Address.Read(routing[at..]));
    }

    /// <summary>
    /// Whether tshark's IPv6 dissector throws before it taps the header: an extension header the
    /// decoder found cut short or malformed, or a payload length of 0 with a hop-by-hop header that
    /// carries no jumbo payload option (RFC 2675 says the length must then be there).
    /// </summary>
    private readonly bool ExtensionHeadersMalformed(in Ipv6Packet v6, int ipIndex, int extensionsEnd)
    {
        if (extensionsEnd == _decoded.Count && _decoded.StopError != Wire.WireError.None && IsExtension(_decoded.StopLayer)) return true;
        if (v6.PayloadLength != 0 || ipIndex + 1 >= _decoded.Count || _decoded[ipIndex + 1].Kind != LayerKind.Ipv6HopByHop) return false;
        ReadOnlySpan<byte> hopByHop = _decoded[ipIndex + 1].HeaderOf(_frame);
        foreach (Ipv6Option option in new Ipv6OptionEnumerator(hopByHop[2..]))
        {
            if (option.Type == Ipv6OptionEnumerator.JumboPayload && option.Data.Length == 4) return false;
        }
        return true;
    }

    /// <summary>Inside a fragment: remember the first fragment's upper header, report it at the last.</summary>
    private bool TryFragmentLayer(Layer layer, int index)
    {
        if (IsExtension(layer.Kind)) return false;
        _ended = true;
        if (_state == FragmentState.First)
        {
            ReadOnlySpan<byte> bytes = layer.From(_frame);
            if (layer.Kind == LayerKind.Tcp && TcpSegment.TryCreate(bytes, out TcpSegment tcp, out _))
                _fragments.Remember(_key, new("tcp", tcp.SourcePort, tcp.DestinationPort));
            else if (layer.Kind == LayerKind.Udp && UdpDatagram.TryCreate(bytes, out UdpDatagram udp, out _))
                _fragments.Remember(_key, new("udp", udp.SourcePort, udp.DestinationPort));
            else _fragments.Remember(_key, new(ProtocolHierarchyTap.LayerName(layer.Kind), 0, 0));
            return false;
        }
        if (_state == FragmentState.Last && _fragments.TryTake(_key, out FragmentPorts.Entry entry) && entry.Protocol is { } name)
        {
            ViewKind kind = name switch { "tcp" => ViewKind.Tcp, "udp" => ViewKind.Udp, _ => ViewKind.Other };
            var pair = kind == ViewKind.Other ? default : new AddressPair(_source, _transportDestination, entry.SourcePort, entry.DestinationPort);
            _current = new TransportView(kind, name, pair, default, 0, default, 0, 0, true);
            return true;
        }
        return false;
    }

    private readonly ReadOnlySpan<byte> PayloadAfter(int index)
    {
        ReadOnlySpan<Layer> layers = _decoded.Layers;
        return index + 1 < layers.Length && layers[index + 1].Kind == LayerKind.Payload ? layers[index + 1].HeaderOf(_frame) : default;
    }

    private static bool IsExtension(LayerKind kind) => kind is LayerKind.Ipv6HopByHop or LayerKind.Ipv6Routing or LayerKind.Ipv6Fragment
        or LayerKind.Ipv6DestinationOptions or LayerKind.Ipv6Authentication or LayerKind.Ipv6Mobility;

    private static TransportView Simple(ViewKind kind, string name, AddressPair pair) => new(kind, name, pair, default, 0, default, 0, 0, false);
}
