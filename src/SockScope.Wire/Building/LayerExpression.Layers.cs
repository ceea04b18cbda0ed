using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Building;

/// <summary>One reader per layer: the fields it takes, their ranges and defaults, and how its header is prepended.</summary>
public sealed partial class LayerExpression
{
    /// <summary>An extension header's length field counts 8-byte units after the first eight: 255 gives 2048 bytes.</summary>
    private const int MaxIpv6ExtensionLength = 2048;

    private static readonly (string Name, int Value)[] IcmpTypes =
    [
        ("echo-reply", 0), ("dest-unreach", 3), ("unreachable", 3), ("source-quench", 4), ("redirect", 5),
        ("echo-request", 8), ("echo", 8), ("time-exceeded", 11), ("parameter-problem", 12), ("timestamp", 13), ("timestamp-reply", 14),
    ];

    private static readonly (string Name, int Value)[] Icmpv6Types =
    [
        ("dest-unreach", 1), ("unreachable", 1), ("packet-too-big", 2), ("time-exceeded", 3), ("parameter-problem", 4),
        ("echo-request", 128), ("echo", 128), ("echo-reply", 129), ("router-solicitation", 133), ("router-advertisement", 134),
        ("neighbor-solicitation", 135), ("neighbor-advertisement", 136),
    ];

    private static Layer PayloadOf(byte[] data) =>
        new(ExpressionLayerKind.Payload, data.Length, (ref PacketBuilder b, LayerDefaults _) => b.PrependPayload(data));

    private static Layer ReadPayload(FieldReader r)
    {
        byte[]? load = r.Bytes("load", positional: true);
        byte[]? data = r.Bytes("data", positional: false);
        if (load is not null && data is not null) throw r.Invalid("data", "give the bytes once, as raw(HEX) or raw(data=HEX)");
        data ??= load;
        if (r.Text("text") is { } text) data = [.. data ?? [], .. System.Text.Encoding.UTF8.GetBytes(text)];
        if (r.Int("len", 0, 65535) is int fill) data = [.. data ?? [], .. new byte[fill]];
        return PayloadOf(data ?? []);
    }

    private static Layer ReadEthernet(FieldReader r)
    {
        MacAddress? src = r.Mac("src");
        var header = new EthernetHeader(r.Mac("dst") ?? MacAddress.Broadcast, src ?? default, (EtherType?)r.Int("type", 0, 0xFFFF));
        return new Layer(ExpressionLayerKind.Ethernet, EthernetHeader.Size,
            (ref PacketBuilder b, LayerDefaults d) => b.PrependEthernet(src is null ? header with { Source = d.SourceMac ?? default } : header))
        {
            Needs = src is null ? DefaultsNeeded.SourceMac : DefaultsNeeded.None,
        };
    }

    private static Layer ReadArp(FieldReader r)
    {
        var op = (ArpOperation)(r.Named("op", ("request", 1), ("who-has", 1), ("reply", 2), ("is-at", 2), ("rarp-request", 3), ("rarp-reply", 4)) ?? 1);
        MacAddress? hwsrc = r.Mac("hwsrc");
        Ipv4Address? psrc = r.Ipv4("psrc");
        var header = new ArpHeader(op, hwsrc ?? default, psrc ?? default, r.Mac("hwdst") ?? default, r.Ipv4("pdst") ?? throw r.Missing("pdst"));
        return new Layer(ExpressionLayerKind.Arp, ArpHeader.Size, (ref PacketBuilder b, LayerDefaults d) =>
        {
            ArpHeader h = header;
            if (hwsrc is null) h = h with { SenderHardwareAddress = d.SourceMac ?? default };
            if (psrc is null) h = h with { SenderProtocolAddress = d.Ipv4Source ?? default };
            b.PrependArp(h);
        })
        {
            Needs = (hwsrc is null ? DefaultsNeeded.SourceMac : DefaultsNeeded.None) | (psrc is null ? DefaultsNeeded.Ipv4Source : DefaultsNeeded.None),
        };
    }

    private static Layer ReadIpv4(FieldReader r)
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
        return new Layer(ExpressionLayerKind.Ipv4, header.Length,
            (ref PacketBuilder b, LayerDefaults d) => b.PrependIpv4(src is null ? header with { Source = d.Ipv4Source ?? default } : header))
        {
            Needs = src is null ? DefaultsNeeded.Ipv4Source : DefaultsNeeded.None,
            Ipv4 = header,
            MaxInsideLength = header.TotalLength is null ? ushort.MaxValue - header.Length : null,
        };
    }

    private static Layer ReadIpv6(FieldReader r)
    {
        r.RejectBoth("hlim", "ttl");
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
        return new Layer(ExpressionLayerKind.Ipv6, Ipv6Header.Size,
            (ref PacketBuilder b, LayerDefaults d) => b.PrependIpv6(src is null ? header with { Source = d.Ipv6Source ?? default } : header))
        {
            Needs = src is null ? DefaultsNeeded.Ipv6Source : DefaultsNeeded.None,
            Ipv6 = header,
            MaxInsideLength = header.PayloadLength is null ? ushort.MaxValue : null,
        };
    }

    private static Layer ReadIpv6Extension(FieldReader r)
    {
        var nh = (IpProtocol?)r.Int("nh", 0, 255);
        Ipv6ExtensionHeader header;
        switch (r.LayerName)
        {
            case "frag" or "fragment":
                header = Ipv6ExtensionHeader.Fragment((ushort)(r.Int("offset", 0, 8191) ?? 0), (r.Int("m", 0, 1) ?? 0) == 1, (uint)(r.Long("id", 0, uint.MaxValue) ?? 0));
                break;
            case "hbh" or "hopbyhop":
                r.RejectBoth("ra", "data");
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
        if (header.Length > MaxIpv6ExtensionLength)
            throw r.Invalid("data", $"an extension header takes at most {MaxIpv6ExtensionLength} bytes, this one {header.Length}");
        if (nh is not null) header = header with { NextHeader = nh };
        return new Layer(ExpressionLayerKind.Ipv6Extension, header.Length, (ref PacketBuilder b, LayerDefaults _) => b.PrependIpv6Extension(header));
    }

    private static Layer ReadTcp(FieldReader r)
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
        return new Layer(ExpressionLayerKind.Tcp, header.Length, (ref PacketBuilder b, LayerDefaults _) => b.PrependTcp(header));
    }

    private static Layer ReadUdp(FieldReader r)
    {
        var header = new UdpHeader((ushort)(r.Int("sport", 0, 65535) ?? 53), (ushort)(r.Int("dport", 0, 65535) ?? 53))
        {
            LengthField = (ushort?)r.Int("len", 0, 65535),
            Checksum = (ushort?)r.Int("chksum", 0, 65535),
        };
        return new Layer(ExpressionLayerKind.Udp, UdpHeader.Size, (ref PacketBuilder b, LayerDefaults _) => b.PrependUdp(header))
        {
            MaxInsideLength = header.LengthField is null ? ushort.MaxValue - UdpHeader.Size : null,
        };
    }

    private static Layer ReadIcmp(FieldReader r)
    {
        IcmpFields f = ReadIcmpFields(r, (byte)IcmpType.EchoRequest, IcmpTypes);
        var header = new IcmpHeader(f.Type, f.Code, f.RestOfHeader) { Checksum = f.Checksum };
        return new Layer(ExpressionLayerKind.Icmp, IcmpHeader.Size, (ref PacketBuilder b, LayerDefaults _) => b.PrependIcmp(header));
    }

    private static Layer ReadIcmpv6(FieldReader r)
    {
        IcmpFields f = ReadIcmpFields(r, (byte)Icmpv6Type.EchoRequest, Icmpv6Types);
        var header = new Icmpv6Header(f.Type, f.Code, f.RestOfHeader) { Checksum = f.Checksum };
        return new Layer(ExpressionLayerKind.Icmpv6, Icmpv6Header.Size, (ref PacketBuilder b, LayerDefaults _) => b.PrependIcmpv6(header));
    }

    /// <summary>ICMP and ICMPv6 headers have the same four fields: type, code, checksum and four type-specific bytes.</summary>
    private readonly record struct IcmpFields(byte Type, byte Code, uint RestOfHeader, ushort? Checksum);

    private static IcmpFields ReadIcmpFields(FieldReader r, byte defaultType, (string Name, int Value)[] typeNames)
    {
        byte type = (byte)(r.Named("type", typeNames) ?? defaultType);
        // The four type-specific bytes: the whole word as "rest", or id and seq for echo.
        r.RejectBoth("rest", "id");
        r.RejectBoth("rest", "seq");
        uint rest = r.Long("rest", 0, uint.MaxValue) is long whole
            ? (uint)whole
            : (uint)(r.Int("id", 0, 65535) ?? 0) << 16 | (uint)(r.Int("seq", 0, 65535) ?? 0);
        return new IcmpFields(type, (byte)(r.Int("code", 0, 255) ?? 0), rest, (ushort?)r.Int("chksum", 0, 65535));
    }
}
