using SockScope.Wire.Arp;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Link;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Decoding;

/// <summary>
/// Walks a frame from its link type to the innermost layer it knows (link, VLAN tags, ARP,
/// MPLS label stacks, IPv4/IPv6 with extension headers, IP-in-IP and GRE tunnels, the IPv4 authentication header,
/// TCP/UDP/ICMP/ICMPv6/IGMP): what the tcpdump printer follows, it follows too. It records
/// each layer's offset and header length. Malformed input stops the walk with the error and
/// the layer it happened in; nothing is allocated and nothing throws.
/// </summary>
public static class PacketDecoder
{
    /// <summary>IP headers followed in one packet, the outer one included (the tcpdump printer follows as many).</summary>
    public const int MaxIpHeaders = 8;

    /// <summary>IP headers nested inside IP or GRE (4in4, 6in4, 4in6, 6in6, IP in GRE) are followed this many times.</summary>
    public const int MaxTunnelDepth = MaxIpHeaders - 1;

    /// <summary>
    /// MPLS label stack entries followed in one stack. RFC 3032 sets no limit; real stacks hold a few
    /// labels, so a deeper one is taken as malformed, and half the layer capacity stays for what the
    /// stack carries.
    /// </summary>
    public const int MaxMplsLabels = DecodedPacket.MaxLayers / 2;

    private const int IcmpHeaderLength = 8;
    private const int IgmpHeaderLength = 8;
    private const int Icmpv6MinHeaderLength = 4;

    /// <summary>Decodes <paramref name="frame"/> of <paramref name="linkType"/> into a new result.</summary>
    public static void Decode(LinkType linkType, ReadOnlySpan<byte> frame, out DecodedPacket packet)
    {
        packet = default;
        DecodeInto(linkType, frame, ref packet);
    }

    /// <summary>Decodes into an existing result (it is reset first), for reuse across packets.</summary>
    public static void DecodeInto(LinkType linkType, ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        packet.Reset();
        switch (linkType)
        {
            case LinkType.Ethernet:
                DecodeEthernet(frame, ref packet);
                break;
            case LinkType.LinuxSll:
                if (!SllFrame.TryCreate(frame, out SllFrame sll, out WireError error))
                {
                    packet.Stop(LayerKind.Sll, 0, error);
                    return;
                }
                packet.Add(LayerKind.Sll, 0, sll.HeaderLength);
                DecodeEtherType(sll.Protocol, frame, sll.HeaderLength, ref packet);
                break;
            case LinkType.LinuxSll2:
                if (!Sll2Frame.TryCreate(frame, out Sll2Frame sll2, out error))
                {
                    packet.Stop(LayerKind.Sll2, 0, error);
                    return;
                }
                packet.Add(LayerKind.Sll2, 0, sll2.HeaderLength);
                DecodeEtherType(sll2.Protocol, frame, sll2.HeaderLength, ref packet);
                break;
            case LinkType.Null:
            case LinkType.Loop:
                if (!NullLoopbackFrame.TryCreate(frame, linkType == LinkType.Loop, out NullLoopbackFrame loop, out error))
                {
                    packet.Stop(LayerKind.NullLoopback, 0, error);
                    return;
                }
                packet.Add(LayerKind.NullLoopback, 0, loop.HeaderLength);
                if (loop.IsIpv4) DecodeIpv4(frame, loop.HeaderLength, frame.Length, 0, ref packet);
                else if (loop.IsIpv6) DecodeIpv6(frame, loop.HeaderLength, frame.Length, 0, ref packet);
                else AddPayload(frame, loop.HeaderLength, frame.Length, ref packet);
                break;
            case LinkType.Raw:
                DecodeRawIp(frame, ref packet);
                break;
            case LinkType.Ipv4:
                DecodeIpv4(frame, 0, frame.Length, 0, ref packet);
                break;
            case LinkType.Ipv6:
                DecodeIpv6(frame, 0, frame.Length, 0, ref packet);
                break;
            default:
                packet.Stop(LayerKind.None, 0, WireError.Unsupported);
                break;
        }
    }

    private static void DecodeRawIp(ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        if (frame.Length == 0)
        {
            packet.Stop(LayerKind.Ipv4, 0, WireError.Truncated);
            return;
        }
        switch (frame[0] >> 4)
        {
            case 4: DecodeIpv4(frame, 0, frame.Length, 0, ref packet); break;
            case 6: DecodeIpv6(frame, 0, frame.Length, 0, ref packet); break;
            default: packet.Stop(LayerKind.Ipv4, 0, WireError.BadVersion); break;
        }
    }

    private static void DecodeEthernet(ReadOnlySpan<byte> frame, ref DecodedPacket packet) => DecodeEthernetAt(frame, 0, 0, ref packet);

    /// <summary>An Ethernet header at <paramref name="offset"/>: the frame's own, or one carried in GRE (TEB) or after IPv6.</summary>
    private static void DecodeEthernetAt(ReadOnlySpan<byte> frame, int offset, int tunnelDepth, ref DecodedPacket packet)
    {
        if (!EthernetFrame.TryCreate(frame[offset..], out EthernetFrame ethernet, out WireError error))
        {
            packet.Stop(LayerKind.Ethernet, offset, error);
            return;
        }
        if (!packet.Add(LayerKind.Ethernet, offset, ethernet.HeaderLength)) return;
        if (ethernet.IsLengthField)
        {
            // 802.3 with LLC: not decoded further.
            AddPayload(frame, offset + ethernet.HeaderLength, frame.Length, ref packet);
            return;
        }
        DecodeEtherType(ethernet.EtherType, frame, offset + ethernet.HeaderLength, ref packet, tunnelDepth);
    }

    private static void DecodeEtherType(EtherType type, ReadOnlySpan<byte> frame, int offset, ref DecodedPacket packet, int tunnelDepth = 0)
    {
        // Each tag adds a layer, so a stack of tags ends at the layer capacity at the latest.
        while (VlanTag.IsTagType(type))
        {
            if (!VlanTag.TryCreate(frame[offset..], out VlanTag tag, out WireError error))
            {
                packet.Stop(LayerKind.Vlan, offset, error);
                return;
            }
            if (!packet.Add(LayerKind.Vlan, offset, VlanTagOffsets.Length)) return;
            type = tag.EtherType;
            offset += VlanTagOffsets.Length;
        }
        switch (type)
        {
            case EtherType.Ipv4:
                DecodeIpv4(frame, offset, frame.Length, tunnelDepth, ref packet);
                break;
            case EtherType.Ipv6:
                DecodeIpv6(frame, offset, frame.Length, tunnelDepth, ref packet);
                break;
            case EtherType.Arp:
            case EtherType.Rarp:
                if (!ArpPacket.TryCreate(frame[offset..], out ArpPacket arp, out WireError error))
                {
                    packet.Stop(LayerKind.Arp, offset, error);
                    return;
                }
                packet.Add(LayerKind.Arp, offset, arp.Length);
                break;
            case EtherType.MplsUnicast:
            case EtherType.MplsMulticast:
                DecodeMpls(frame, offset, tunnelDepth, ref packet);
                break;
            default:
                AddPayload(frame, offset, frame.Length, ref packet);
                break;
        }
    }

    private static void DecodeIpv4(ReadOnlySpan<byte> frame, int offset, int end, int tunnelDepth, ref DecodedPacket packet)
    {
        if (!Ipv4Packet.TryCreate(frame[offset..end], out Ipv4Packet ip, out WireError error))
        {
            if (error == WireError.BadVersion && packet.DecodeIpv6UnderIpv4Type && frame[offset] >> 4 == 6)
            {
                DecodeIpv6(frame, offset, end, tunnelDepth, ref packet);
                return;
            }
            packet.Stop(LayerKind.Ipv4, offset, error);
            return;
        }
        if (!packet.AddIp(LayerKind.Ipv4, offset, ip.HeaderLength)) return;
        if (ip.IsFragment) packet.MarkInnermostIpFragmented();
        int payloadStart = offset + ip.HeaderLength;
        int payloadEnd = payloadStart + ip.Payload.Length;
        if (ip.FragmentOffsetUnits != 0)
        {
            AddPayload(frame, payloadStart, payloadEnd, ref packet);
            return;
        }
        DecodeUpperLayer(ip.Protocol, frame, payloadStart, payloadEnd, tunnelDepth, ref packet);
    }

    private static void DecodeIpv6(ReadOnlySpan<byte> frame, int offset, int end, int tunnelDepth, ref DecodedPacket packet)
    {
        if (!Ipv6Packet.TryCreate(frame[offset..end], out Ipv6Packet ip, out WireError error))
        {
            packet.Stop(LayerKind.Ipv6, offset, error);
            return;
        }
        if (!packet.AddIp(LayerKind.Ipv6, offset, ip.HeaderLength)) return;
        int payloadStart = offset + ip.HeaderLength;
        if (ip.PayloadLength == 0 && ip.NextHeader != IpProtocol.HopByHop)
        {
            // A zero payload length is followed only as a jumbogram (RFC 2675: its length sits in a
            // hop-by-hop option); otherwise nothing follows the header, as tcpdump reads it ("[|tcp]").
            DecodeUpperLayer(ip.NextHeader, frame, payloadStart, payloadStart, tunnelDepth, ref packet);
            return;
        }
        int payloadEnd = payloadStart + ip.Payload.Length;
        Ipv6ExtensionWalker walker = ip.Extensions;
        IpProtocol pending = ip.NextHeader;
        while (walker.MoveNext())
        {
            if (!packet.Add(ExtensionKind(walker.Current.Type), payloadStart + walker.Offset, walker.Current.Length)) return;
            if (walker.Current.Type == IpProtocol.Fragment) packet.MarkInnermostIpFragmented();
            pending = walker.UpperProtocol;
        }
        int upperStart = payloadEnd - walker.UpperPayload.Length;
        if (walker.Error != WireError.None)
        {
            packet.Stop(ExtensionKind(pending), upperStart, walker.Error);
            return;
        }
        if (walker.IsLaterFragment)
        {
            AddPayload(frame, upperStart, payloadEnd, ref packet);
            return;
        }
        DecodeUpperLayer(walker.UpperProtocol, frame, upperStart, payloadEnd, tunnelDepth, ref packet);
    }

    private static void DecodeUpperLayer(IpProtocol protocol, ReadOnlySpan<byte> frame, int offset, int end, int tunnelDepth, ref DecodedPacket packet)
    {
        ReadOnlySpan<byte> bytes = frame[offset..end];
        switch (protocol)
        {
            case IpProtocol.Tcp:
                if (!TcpSegment.TryCreate(bytes, out TcpSegment tcp, out WireError error))
                {
                    packet.Stop(LayerKind.Tcp, offset, error);
                    return;
                }
                if (packet.Add(LayerKind.Tcp, offset, tcp.HeaderLength)) AddPayload(frame, offset + tcp.HeaderLength, end, ref packet);
                break;
            case IpProtocol.Udp:
                if (!UdpDatagram.TryCreate(bytes, out UdpDatagram udp, out error))
                {
                    packet.Stop(LayerKind.Udp, offset, error);
                    return;
                }
                if (!packet.Add(LayerKind.Udp, offset, udp.HeaderLength)) return;
                if (!udp.HasValidLength) packet.Stop(LayerKind.Udp, offset, WireError.BadLength);
                else AddPayload(frame, offset + udp.HeaderLength, offset + udp.HeaderLength + udp.Payload.Length, ref packet);
                break;
            case IpProtocol.Icmp:
                AddFixedHeader(LayerKind.Icmp, IcmpHeaderLength, IcmpHeaderLength, frame, offset, end, ref packet);
                break;
            case IpProtocol.Igmp:
                AddFixedHeader(LayerKind.Igmp, IgmpHeaderLength, IgmpHeaderLength, frame, offset, end, ref packet);
                break;
            case IpProtocol.Icmpv6:
                AddFixedHeader(LayerKind.Icmpv6, Icmpv6MinHeaderLength, 8, frame, offset, end, ref packet);
                break;
            case IpProtocol.IpInIp:
            case IpProtocol.Ipv6:
                if (tunnelDepth >= MaxTunnelDepth)
                {
                    packet.Stop(protocol == IpProtocol.IpInIp ? LayerKind.Ipv4 : LayerKind.Ipv6, offset, WireError.Loop);
                    return;
                }
                if (protocol == IpProtocol.IpInIp) DecodeIpv4(frame, offset, end, tunnelDepth + 1, ref packet);
                else DecodeIpv6(frame, offset, end, tunnelDepth + 1, ref packet);
                break;
            case IpProtocol.Gre:
                DecodeGre(frame, offset, end, tunnelDepth, ref packet);
                break;
            case IpProtocol.Ah:
                DecodeAuthentication(frame, offset, end, tunnelDepth, ref packet);
                break;
            case IpProtocol.Ethernet:
                DecodeEthernetAt(frame[..end], offset, tunnelDepth, ref packet);
                break;
            case IpProtocol.NoNextHeader:
                break;
            default:
                AddPayload(frame, offset, end, ref packet);
                break;
        }
    }

    /// <summary>
    /// A GRE header (RFC 2784, with RFC 2890's key and sequence number, RFC 1701's checksum/offset and
    /// source route entries, PPTP's enhanced version 1 with its acknowledgement), then what it carries.
    /// </summary>
    private static void DecodeGre(ReadOnlySpan<byte> frame, int offset, int end, int tunnelDepth, ref DecodedPacket packet)
    {
        ReadOnlySpan<byte> b = frame[offset..end];
        if (!GreHeader.TryMeasure(b, out int headerLength, out ushort protocol, out WireError error))
        {
            packet.Stop(LayerKind.Gre, offset, error);
            return;
        }
        if (!packet.Add(LayerKind.Gre, offset, headerLength)) return;
        int inner = offset + headerLength;
        switch ((EtherType)protocol)
        {
            case EtherType.Ipv4 or EtherType.Ipv6 when tunnelDepth >= MaxTunnelDepth:
                packet.Stop((EtherType)protocol == EtherType.Ipv4 ? LayerKind.Ipv4 : LayerKind.Ipv6, inner, WireError.Loop);
                break;
            case EtherType.Ipv4:
                DecodeIpv4(frame, inner, end, tunnelDepth + 1, ref packet);
                break;
            case EtherType.Ipv6:
                DecodeIpv6(frame, inner, end, tunnelDepth + 1, ref packet);
                break;
            case EtherType.TransparentEthernetBridging:
                DecodeEthernetAt(frame[..end], inner, tunnelDepth + 1, ref packet);
                break;
            default:
                AddPayload(frame, inner, end, ref packet);
                break;
        }
    }

    /// <summary>
    /// An MPLS label stack (RFC 3032), one layer per entry down to the one with the bottom-of-stack
    /// bit, as VLAN tags are (tshark's io,phs also counts one "mpls" per entry), then what the bottom
    /// entry carries (<see cref="MplsLabelEntry.IpVersionBelow"/>); anything but IP is payload. An entry cut short
    /// stops as truncated; a stack deeper than <see cref="MaxMplsLabels"/> stops as a loop.
    /// </summary>
    private static void DecodeMpls(ReadOnlySpan<byte> frame, int offset, int tunnelDepth, ref DecodedPacket packet)
    {
        int at = offset;
        MplsLabelEntry entry;
        do
        {
            if (at - offset == MaxMplsLabels * MplsLabelEntry.Length)
            {
                packet.Stop(LayerKind.Mpls, at, WireError.Loop);
                return;
            }
            if (!MplsLabelEntry.TryRead(frame[at..], out entry))
            {
                packet.Stop(LayerKind.Mpls, at, WireError.Truncated);
                return;
            }
            if (!packet.Add(LayerKind.Mpls, at, MplsLabelEntry.Length)) return;
            at += MplsLabelEntry.Length;
        }
        while (!entry.BottomOfStack);
        switch (entry.IpVersionBelow(frame[at..]))
        {
            case 4: DecodeIpv4(frame, at, frame.Length, tunnelDepth, ref packet); break;
            case 6: DecodeIpv6(frame, at, frame.Length, tunnelDepth, ref packet); break;
            // Nothing captured below the stack: the walk ends there, as after a UDP header with no payload.
            case -1: break;
            default: AddPayload(frame, at, frame.Length, ref packet); break;
        }
    }

    /// <summary>The IPsec authentication header after IPv4 (RFC 4302): 12 bytes and the ICV, then the next protocol.</summary>
    private static void DecodeAuthentication(ReadOnlySpan<byte> frame, int offset, int end, int tunnelDepth, ref DecodedPacket packet)
    {
        const int fixedLength = 12;
        if (end - offset < fixedLength)
        {
            packet.Stop(LayerKind.Authentication, offset, WireError.Truncated);
            return;
        }
        int headerLength = (frame[offset + 1] + 2) * 4;   // payload length in 32-bit words, minus 2
        if (headerLength < fixedLength || headerLength > end - offset)
        {
            packet.Stop(LayerKind.Authentication, offset, headerLength < fixedLength ? WireError.BadHeaderLength : WireError.Truncated);
            return;
        }
        if (!packet.Add(LayerKind.Authentication, offset, headerLength)) return;
        DecodeUpperLayer((IpProtocol)frame[offset], frame, offset + headerLength, end, tunnelDepth, ref packet);
    }

    /// <summary>ICMP-like headers: the error-message header is 8 bytes; fewer than the minimum is a truncation.</summary>
    private static void AddFixedHeader(LayerKind kind, int minimum, int usual, ReadOnlySpan<byte> frame, int offset, int end, ref DecodedPacket packet)
    {
        int available = end - offset;
        if (available < minimum)
        {
            packet.Stop(kind, offset, WireError.Truncated);
            return;
        }
        int headerLength = Math.Min(usual, available);
        if (packet.Add(kind, offset, headerLength)) AddPayload(frame, offset + headerLength, end, ref packet);
    }

    private static void AddPayload(ReadOnlySpan<byte> frame, int offset, int end, ref DecodedPacket packet)
    {
        if (end > offset) packet.Add(LayerKind.Payload, offset, end - offset);
    }

    private static LayerKind ExtensionKind(IpProtocol type) => type switch
    {
        IpProtocol.HopByHop => LayerKind.Ipv6HopByHop,
        IpProtocol.Routing => LayerKind.Ipv6Routing,
        IpProtocol.Fragment => LayerKind.Ipv6Fragment,
        IpProtocol.DestinationOptions => LayerKind.Ipv6DestinationOptions,
        IpProtocol.Ah => LayerKind.Ipv6Authentication,
        IpProtocol.Mobility => LayerKind.Ipv6Mobility,
        _ => LayerKind.Payload,
    };
}
