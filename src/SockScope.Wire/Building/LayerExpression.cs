using System.Globalization;
using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Building;

/// <summary>Values an expression may leave out and the sender knows: source addresses of the route and interface.</summary>
public sealed record LayerDefaults
{
    public Ipv4Address? Ipv4Source { get; init; }
    public Ipv6Address? Ipv6Source { get; init; }
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

    public string Text { get; }

    public int LayerCount => _layers.Count;

    public ExpressionLayerKind Outermost => _layers[0].Kind;

    /// <summary>The outermost IPv4 header (before defaults are applied), if any.</summary>
    public Ipv4Header? Ipv4 => _layers.OfType<Ipv4Layer>().Select(l => (Ipv4Header?)l.Header).FirstOrDefault();

    public Ipv6Header? Ipv6 => _layers.OfType<Ipv6Layer>().Select(l => (Ipv6Header?)l.Header).FirstOrDefault();

    public bool NeedsIpv4Source => _layers.Any(l => l is Ipv4Layer { SourceSet: false } or ArpLayer { SenderIpSet: false });

    public bool NeedsIpv6Source => _layers.Any(l => l is Ipv6Layer { SourceSet: false });

    public bool NeedsSourceMac => _layers.Any(l => l is EthernetLayer { SourceSet: false } or ArpLayer { SenderMacSet: false });

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

    public byte[] Build(LayerDefaults? defaults = null)
    {
        var buffer = new byte[MaximumLength];
        return Build(buffer, defaults).ToArray();
    }

    /// <summary>Parses an expression; throws <see cref="LayerExpressionException"/> with the column on any error.</summary>
    public static LayerExpression Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new LayerExpressionException("empty layer expression at column 1", text ?? "", 1);
        var layers = new List<Layer>();
        foreach (LayerSyntax syntax in LayerExpressionSyntax.Parse(text))
            layers.Add(Interpret(syntax, text));
        return new LayerExpression(text, layers);
    }

    public override string ToString() => Text;

    private static Layer Interpret(LayerSyntax s, string text)
    {
        var reader = new FieldReader(s, text);
        Layer layer = s.Name switch
        {
            "" => new PayloadLayer(System.Text.Encoding.UTF8.GetBytes(s.Text!)),
            "ether" or "eth" or "ethernet" => EthernetLayer.Read(reader),
            "arp" => ArpLayer.Read(reader),
            "ipv4" or "ip" => Ipv4Layer.Read(reader),
            "ipv6" or "ip6" => Ipv6Layer.Read(reader),
            "hbh" or "hopbyhop" or "dstopts" or "routing" or "rh" or "frag" or "fragment" => Ipv6ExtensionLayer.Read(reader),
            "tcp" => TcpLayer.Read(reader),
            "udp" => UdpLayer.Read(reader),
            "icmp" or "icmpv4" => IcmpLayer.Read(reader),
            "icmpv6" or "icmp6" => Icmpv6Layer.Read(reader),
            "raw" or "payload" => PayloadLayer.Read(reader),
            _ => throw new LayerExpressionException(
                $"unknown layer '{s.Name}' at column {s.Column} (layers: ether, arp, ipv4, ipv6, hbh, dstopts, routing, frag, tcp, udp, icmp, icmpv6, raw, 'text')",
                text, s.Column),
        };
        reader.RejectUnused();
        return layer;
    }

    private abstract class Layer
    {
        public abstract ExpressionLayerKind Kind { get; }
        public abstract int MaximumLength { get; }
        public abstract void Prepend(ref PacketBuilder builder, LayerDefaults defaults);
    }

    private sealed class PayloadLayer(byte[] data) : Layer
    {
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Payload;
        public override int MaximumLength => data.Length;
        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => builder.PrependPayload(data);

        public static PayloadLayer Read(FieldReader r)
        {
            byte[]? data = r.Bytes("load", positional: true) ?? r.Bytes("data", positional: false);
            if (r.Text("text") is { } text) data = [.. data ?? [], .. System.Text.Encoding.UTF8.GetBytes(text)];
            if (r.Int("len", 0, 65535) is int fill) data = [.. data ?? [], .. new byte[fill]];
            return new PayloadLayer(data ?? []);
        }
    }

    private sealed class EthernetLayer(EthernetHeader header, bool sourceSet) : Layer
    {
        public bool SourceSet => sourceSet;
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Ethernet;
        public override int MaximumLength => EthernetHeader.Size;

        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) =>
            builder.PrependEthernet(sourceSet ? header : header with { Source = defaults.SourceMac ?? default });

        public static EthernetLayer Read(FieldReader r)
        {
            MacAddress? src = r.Mac("src");
            var header = new EthernetHeader(r.Mac("dst") ?? MacAddress.Broadcast, src ?? default, (EtherType?)r.Int("type", 0, 0xFFFF));
            return new EthernetLayer(header, src is not null);
        }
    }

    private sealed class ArpLayer(ArpHeader header, bool senderMacSet, bool senderIpSet) : Layer
    {
        public bool SenderMacSet => senderMacSet;
        public bool SenderIpSet => senderIpSet;
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Arp;
        public override int MaximumLength => ArpHeader.Size;

        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults)
        {
            ArpHeader h = header;
            if (!senderMacSet) h = h with { SenderHardwareAddress = defaults.SourceMac ?? default };
            if (!senderIpSet) h = h with { SenderProtocolAddress = defaults.Ipv4Source ?? default };
            builder.PrependArp(h);
        }

        public static ArpLayer Read(FieldReader r)
        {
            var op = (ArpOperation)(r.Named("op", ("request", 1), ("who-has", 1), ("reply", 2), ("is-at", 2), ("rarp-request", 3), ("rarp-reply", 4)) ?? 1);
            MacAddress? hwsrc = r.Mac("hwsrc");
            Ipv4Address? psrc = r.Ipv4("psrc");
            var header = new ArpHeader(op, hwsrc ?? default, psrc ?? default, r.Mac("hwdst") ?? default, r.Ipv4("pdst") ?? throw r.Missing("pdst"));
            return new ArpLayer(header, hwsrc is not null, psrc is not null);
        }
    }

    private sealed class Ipv4Layer(Ipv4Header header, bool sourceSet) : Layer
    {
        public Ipv4Header Header => header;
        public bool SourceSet => sourceSet;
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Ipv4;
        public override int MaximumLength => header.Length;

        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) =>
            builder.PrependIpv4(sourceSet ? header : header with { Source = defaults.Ipv4Source ?? default });

        public static Ipv4Layer Read(FieldReader r)
        {
            Ipv4Address? src = r.Ipv4("src");
            Ipv4Address dst = r.Ipv4("dst") ?? throw r.Missing("dst");
            int flags = r.Flags("flags", ("DF", 2), ("MF", 1), ("evil", 4), ("RF", 4)) ?? 0;
            var header = new Ipv4Header(src ?? default, dst, (IpProtocol?)r.Int("proto", 0, 255))
            {
                Ttl = (byte)(r.Int("ttl", 0, 255) ?? 64),
                TypeOfService = (byte)(r.Int("tos", 0, 255) ?? 0),
                Identification = (ushort)(r.Int("id", 0, 65535) ?? 0),
                DontFragment = (flags & 2) != 0,
                MoreFragments = (flags & 1) != 0,
                ReservedFlag = (flags & 4) != 0,
                FragmentOffset = (ushort)(r.Int("frag", 0, 8191) ?? 0),
                Version = (byte)(r.Int("version", 0, 15) ?? 4),
                HeaderLengthBytes = r.Int("ihl", 0, 15) is int ihl ? ihl * 4 : null,
                TotalLength = (ushort?)r.Int("len", 0, 65535),
                Checksum = (ushort?)r.Int("chksum", 0, 65535),
                Options = r.Ipv4Options("options"),
            };
            if (header.Options.Length > 40) throw r.Invalid("options", "IPv4 options take at most 40 bytes");
            return new Ipv4Layer(header, src is not null);
        }
    }

    private sealed class Ipv6Layer(Ipv6Header header, bool sourceSet) : Layer
    {
        public Ipv6Header Header => header;
        public bool SourceSet => sourceSet;
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Ipv6;
        public override int MaximumLength => Ipv6Header.Size;

        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) =>
            builder.PrependIpv6(sourceSet ? header : header with { Source = defaults.Ipv6Source ?? default });

        public static Ipv6Layer Read(FieldReader r)
        {
            Ipv6Address? src = r.Ipv6("src");
            Ipv6Address dst = r.Ipv6("dst") ?? throw r.Missing("dst");
            var header = new Ipv6Header(src ?? default, dst, (IpProtocol?)r.Int("nh", 0, 255))
            {
                HopLimit = (byte)(r.Int("hlim", 0, 255) ?? r.Int("ttl", 0, 255) ?? 64),
                TrafficClass = (byte)(r.Int("tc", 0, 255) ?? 0),
                FlowLabel = (uint)(r.Int("fl", 0, 0xFFFFF) ?? 0),
                PayloadLength = (ushort?)r.Int("plen", 0, 65535),
                Version = (byte)(r.Int("version", 0, 15) ?? 6),
            };
            return new Ipv6Layer(header, src is not null);
        }
    }

    private sealed class Ipv6ExtensionLayer(Ipv6ExtensionHeader header) : Layer
    {
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Ipv6Extension;
        public override int MaximumLength => header.Length;
        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => builder.PrependIpv6Extension(header);

        public static Ipv6ExtensionLayer Read(FieldReader r)
        {
            var nh = (IpProtocol?)r.Int("nh", 0, 255);
            Ipv6ExtensionHeader header;
            switch (r.LayerName)
            {
                case "frag" or "fragment":
                    header = Ipv6ExtensionHeader.Fragment((ushort)(r.Int("offset", 0, 8191) ?? 0), (r.Int("m", 0, 1) ?? 0) == 1, (uint)(r.Long("id", 0, uint.MaxValue) ?? 0));
                    break;
                case "hbh" or "hopbyhop":
                    header = r.Has("ra")
                        ? Ipv6ExtensionHeader.RouterAlert((ushort)(r.Int("ra", 0, 65535) ?? 0))
                        : new Ipv6ExtensionHeader(IpProtocol.HopByHop, r.Bytes("data", positional: true) ?? []);
                    break;
                case "dstopts":
                    header = new Ipv6ExtensionHeader(IpProtocol.DestinationOptions, r.Bytes("data", positional: true) ?? []);
                    break;
                default:
                    // Routing: type and segments left, then the type-specific data (4 reserved bytes when empty).
                    byte type = (byte)(r.Int("type", 0, 255) ?? 0);
                    byte left = (byte)(r.Int("segleft", 0, 255) ?? 0);
                    byte[] data = r.Bytes("data", positional: true) ?? new byte[4];
                    if (((4 + data.Length) & 7) != 0) throw r.Invalid("data", "routing data must make the header a multiple of 8 bytes (4, 12, 20... bytes)");
                    header = new Ipv6ExtensionHeader(IpProtocol.Routing, (byte[])[type, left, .. data]);
                    break;
            }
            return new Ipv6ExtensionLayer(nh is null ? header : header with { NextHeader = nh });
        }
    }

    private sealed class TcpLayer(TcpHeader header) : Layer
    {
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Tcp;
        public override int MaximumLength => header.Length;
        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => builder.PrependTcp(header);

        public static TcpLayer Read(FieldReader r)
        {
            int flags = r.Flags("flags", ("F", 1), ("S", 2), ("R", 4), ("P", 8), ("A", 16), ("U", 32), ("E", 64), ("C", 128)) ?? (int)TcpFlags.Syn;
            var header = new TcpHeader((ushort)(r.Int("sport", 0, 65535) ?? 20), (ushort)(r.Int("dport", 0, 65535) ?? 80), (TcpFlags)flags)
            {
                SequenceNumber = (uint)(r.Long("seq", 0, uint.MaxValue) ?? 0),
                AcknowledgmentNumber = (uint)(r.Long("ack", 0, uint.MaxValue) ?? 0),
                Window = (ushort)(r.Int("window", 0, 65535) ?? 8192),
                UrgentPointer = (ushort)(r.Int("urgptr", 0, 65535) ?? 0),
                Reserved = (byte)(r.Int("reserved", 0, 15) ?? 0),
                DataOffsetBytes = r.Int("dataofs", 0, 15) is int offset ? offset * 4 : null,
                Checksum = (ushort?)r.Int("chksum", 0, 65535),
                Options = r.TcpOptions("options"),
            };
            if (header.OptionsLength > 40) throw r.Invalid("options", "TCP options take at most 40 bytes");
            return new TcpLayer(header);
        }
    }

    private sealed class UdpLayer(UdpHeader header) : Layer
    {
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Udp;
        public override int MaximumLength => UdpHeader.Size;
        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => builder.PrependUdp(header);

        public static UdpLayer Read(FieldReader r) =>
            new(new UdpHeader((ushort)(r.Int("sport", 0, 65535) ?? 53), (ushort)(r.Int("dport", 0, 65535) ?? 53))
            {
                LengthField = (ushort?)r.Int("len", 0, 65535),
                Checksum = (ushort?)r.Int("chksum", 0, 65535),
            });
    }

    private sealed class IcmpLayer(IcmpHeader header) : Layer
    {
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Icmp;
        public override int MaximumLength => IcmpHeader.Size;
        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => builder.PrependIcmp(header);

        public static IcmpLayer Read(FieldReader r)
        {
            byte type = (byte)(r.Named("type", ("echo-reply", 0), ("dest-unreach", 3), ("unreachable", 3), ("source-quench", 4), ("redirect", 5),
                ("echo-request", 8), ("echo", 8), ("time-exceeded", 11), ("parameter-problem", 12), ("timestamp", 13), ("timestamp-reply", 14)) ?? IcmpHeader.TypeEchoRequest);
            uint rest = RestOfHeader(r);
            return new IcmpLayer(new IcmpHeader(type, (byte)(r.Int("code", 0, 255) ?? 0), rest) { Checksum = (ushort?)r.Int("chksum", 0, 65535) });
        }
    }

    private sealed class Icmpv6Layer(Icmpv6Header header) : Layer
    {
        public override ExpressionLayerKind Kind => ExpressionLayerKind.Icmpv6;
        public override int MaximumLength => Icmpv6Header.Size;
        public override void Prepend(ref PacketBuilder builder, LayerDefaults defaults) => builder.PrependIcmpv6(header);

        public static Icmpv6Layer Read(FieldReader r)
        {
            byte type = (byte)(r.Named("type", ("dest-unreach", 1), ("unreachable", 1), ("packet-too-big", 2), ("time-exceeded", 3), ("parameter-problem", 4),
                ("echo-request", 128), ("echo", 128), ("echo-reply", 129), ("router-solicitation", 133), ("router-advertisement", 134),
                ("neighbor-solicitation", 135), ("neighbor-advertisement", 136)) ?? Icmpv6Header.TypeEchoRequest);
            uint rest = RestOfHeader(r);
            return new Icmpv6Layer(new Icmpv6Header(type, (byte)(r.Int("code", 0, 255) ?? 0), rest) { Checksum = (ushort?)r.Int("chksum", 0, 65535) });
        }
    }

    /// <summary>The four type-specific bytes: id and seq for echo, or the whole word as "rest".</summary>
    private static uint RestOfHeader(FieldReader r)
    {
        if (r.Long("rest", 0, uint.MaxValue) is long whole) return (uint)whole;
        return (uint)(r.Int("id", 0, 65535) ?? 0) << 16 | (uint)(r.Int("seq", 0, 65535) ?? 0);
    }
}
