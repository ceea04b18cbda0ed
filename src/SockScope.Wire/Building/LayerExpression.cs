using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Building;

/// <summary>Values an expression may leave out and the sender knows: source addresses of the route and interface.</summary>
public sealed record LayerDefaults
{
    /// <summary>The IPv4 source address of the route to the destination, used when an ipv4 layer has no src.</summary>
    public Ipv4Address? Ipv4Source { get; init; }
    /// <summary>The IPv6 source address of the route to the destination, used when an ipv6 layer has no src.</summary>
    public Ipv6Address? Ipv6Source { get; init; }
    /// <summary>The sending interface's MAC address, used when an ether layer has no src.</summary>
    public MacAddress? SourceMac { get; init; }
}

/// <summary>
/// A packet described in the layer language security engineers know from scapy: layers separated
/// by '/', outermost first, fields as name=value, e.g.
/// <c>ipv4(dst=10.0.0.2, ttl=7, id=4242) / udp(sport=4000, dport=5000) / 'hello'</c>.
/// Parsing checks every layer and field (unknown ones are errors with the column); building goes
/// inside out through <see cref="PacketBuilder"/>, so unset lengths and checksums are filled.
/// </summary>
public sealed partial class LayerExpression
{
    private readonly List<Layer> _layers;

    private LayerExpression(string text, List<Layer> layers)
    {
        Text = text;
        _layers = layers;
    }

    /// <summary>The expression as it was parsed.</summary>
    public string Text { get; }

    /// <summary>The number of layers, the payload counted as one.</summary>
    public int LayerCount => _layers.Count;

    /// <summary>The outermost layer's kind: Ethernet is sent on a packet socket, IPv4 or IPv6 on a raw IP socket.</summary>
    public ExpressionLayerKind Outermost => _layers[0].Kind;

    /// <summary>The outermost IPv4 header (before defaults are applied), if any.</summary>
    public Ipv4Header? Ipv4 => _layers.Select(l => l.Ipv4).FirstOrDefault(h => h is not null);

    /// <summary>The outermost IPv6 header (before defaults are applied), if any.</summary>
    public Ipv6Header? Ipv6 => _layers.Select(l => l.Ipv6).FirstOrDefault(h => h is not null);

    /// <summary>True when an ipv4 layer leaves out src, so <see cref="LayerDefaults.Ipv4Source"/> is needed to build it.</summary>
    public bool NeedsIpv4Source => Needs(DefaultsNeeded.Ipv4Source);

    /// <summary>True when an ipv6 layer leaves out src, so <see cref="LayerDefaults.Ipv6Source"/> is needed to build it.</summary>
    public bool NeedsIpv6Source => Needs(DefaultsNeeded.Ipv6Source);

    /// <summary>True when an ether layer leaves out src, so <see cref="LayerDefaults.SourceMac"/> is needed to build it.</summary>
    public bool NeedsSourceMac => Needs(DefaultsNeeded.SourceMac);

    /// <summary>Bytes the built packet can take at most (headers plus payloads).</summary>
    public int MaximumLength => _layers.Sum(l => l.MaximumLength);

    /// <summary>Builds the packet at the end of <paramref name="buffer"/> and returns it.</summary>
    public Span<byte> Build(Span<byte> buffer, LayerDefaults? defaults = null)
    {
        defaults ??= new LayerDefaults();
        var builder = new PacketBuilder(buffer);
        for (int i = _layers.Count - 1; i >= 0; i--)
            _layers[i].Prepend(ref builder, defaults);
        return builder.Written;
    }

    /// <summary>Builds the packet into a new array of exactly its length; <paramref name="defaults"/> supplies the source addresses the expression left out (0.0.0.0, :: or 00:00:00:00:00:00 when null).</summary>
    public byte[] Build(LayerDefaults? defaults = null)
    {
        var buffer = new byte[MaximumLength];
        return Build(buffer, defaults).ToArray();
    }

    /// <summary>Parses an expression; throws <see cref="LayerExpressionException"/> with the column on any error.</summary>
    public static LayerExpression Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new LayerExpressionException("empty layer expression at column 1", text ?? "", 1);
        List<LayerSyntax> syntax = LayerExpressionSyntax.Parse(text);
        var layers = syntax.Select(s => Interpret(s, text)).ToList();
        CheckLengthFields(syntax, layers, text);
        return new LayerExpression(text, layers);
    }

    /// <summary>
    /// A length field the builder fills (IPv4 total length, IPv6 payload length, UDP length) must
    /// be able to count what it covers: past 65535 it would silently say less than is sent.
    /// </summary>
    private static void CheckLengthFields(List<LayerSyntax> syntax, List<Layer> layers, string text)
    {
        long inside = 0;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            if (layers[i].MaxInsideLength is int max && inside > max)
            {
                LayerSyntax s = syntax[i];
                throw new LayerExpressionException(
                    $"{s.Name}: {inside} bytes follow the header, more than the {max} its length field can count (set the length to send a wrong one on purpose) at column {s.Column}",
                    text, s.Column);
            }
            inside += layers[i].MaximumLength;
        }
    }

    /// <summary>The expression's text, as parsed.</summary>
    public override string ToString() => Text;

    private bool Needs(DefaultsNeeded value) => _layers.Any(l => (l.Needs & value) != 0);

    private static Layer Interpret(LayerSyntax s, string text)
    {
        var reader = new FieldReader(s, text);
        Layer layer = s.Name switch
        {
            "" => PayloadOf(System.Text.Encoding.UTF8.GetBytes(s.Text!)),
            "ether" or "eth" or "ethernet" => ReadEthernet(reader),
            "arp" => ReadArp(reader),
            "ipv4" or "ip" => ReadIpv4(reader),
            "ipv6" or "ip6" => ReadIpv6(reader),
            "hbh" or "hopbyhop" or "dstopts" or "routing" or "rh" or "frag" or "fragment" => ReadIpv6Extension(reader),
            "tcp" => ReadTcp(reader),
            "udp" => ReadUdp(reader),
            "icmp" or "icmpv4" => ReadIcmp(reader),
            "icmpv6" or "icmp6" => ReadIcmpv6(reader),
            "raw" or "payload" => ReadPayload(reader),
            _ => throw new LayerExpressionException(
                $"unknown layer '{s.Name}' at column {s.Column} (layers: ether, arp, ipv4, ipv6, hbh, dstopts, routing, frag, tcp, udp, icmp, icmpv6, raw, 'text')",
                text, s.Column),
        };
        reader.RejectUnused();
        return layer;
    }

    /// <summary>
    /// One parsed layer: what it is, the most bytes it takes, and how it goes into the builder
    /// (with the sender's defaults for what the expression left out).
    /// </summary>
    private sealed class Layer(ExpressionLayerKind kind, int maximumLength, Prepender prepend)
    {
        public ExpressionLayerKind Kind => kind;
        public int MaximumLength => maximumLength;
        /// <summary>The sender-known values this layer takes from <see cref="LayerDefaults"/>.</summary>
        public DefaultsNeeded Needs { get; init; }
        /// <summary>The most bytes after the header that a length field the builder fills can count; null without such a field.</summary>
        public int? MaxInsideLength { get; init; }
        /// <summary>An IPv4 layer's header as parsed (before defaults).</summary>
        public Ipv4Header? Ipv4 { get; init; }
        /// <summary>An IPv6 layer's header as parsed (before defaults).</summary>
        public Ipv6Header? Ipv6 { get; init; }

        public void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => prepend(ref builder, defaults);
    }

    private delegate void Prepender(ref PacketBuilder builder, LayerDefaults defaults);

    [Flags]
    private enum DefaultsNeeded
    {
        None = 0,
        Ipv4Source = 1,
        Ipv6Source = 2,
        SourceMac = 4,
    }
}
