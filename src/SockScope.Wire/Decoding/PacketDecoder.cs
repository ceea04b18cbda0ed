using SockScope.Wire.Arp;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Link;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Decoding;

/// <summary>
/// Walks a frame from its link type to the innermost layer it knows (link, VLAN tags, ARP,
/// IPv4/IPv6 with extension headers and IP-in-IP tunnels, TCP/UDP/ICMP/ICMPv6/IGMP), recording
/// each layer's offset and header length. Malformed input stops the walk with the error and
/// the layer it happened in; nothing is allocated and nothing throws.
/// </summary>
public static class PacketDecoder
{
    /// <summary>IP headers nested inside IP (4in4, 6in4, 4in6, 6in6) are followed this many times.</summary>
    public const int MaxTunnelDepth = 4;

    private const int IcmpHeaderLength = 8;
    private const int IgmpHeaderLength = 8;
    private const int Icmpv6MinHeaderLength = 4;

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

    private static void DecodeEthernet(ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        if (!EthernetFrame.TryCreate(frame, out EthernetFrame ethernet, out WireError error))
        {
            packet.Stop(LayerKind.Ethernet, 0, error);
            return;
        }
        packet.Add(LayerKind.Ethernet, 0, ethernet.HeaderLength);
        if (ethernet.IsLengthField)
        {
            // 802.3 with LLC: not decoded further.
            AddPayload(frame, ethernet.HeaderLength, frame.Length, ref packet);
            return;
        }
        DecodeEtherType(ethernet.EtherType, frame, ethernet.HeaderLength, ref packet);
    }

    private static void DecodeEtherType(EtherType type, ReadOnlySpan<byte> frame, int offset, ref DecodedPacket packet)
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
                DecodeIpv4(frame, offset, frame.Length, 0, ref packet);
                break;
            case EtherType.Ipv6:
                DecodeIpv6(frame, offset, frame.Length, 0, ref packet);
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
            default:
                AddPayload(frame, offset, frame.Length, ref packet);
                break;
        }
    }

    private static void DecodeIpv4(ReadOnlySpan<byte> frame, int offset, int end, int tunnelDepth, ref DecodedPacket packet)
    {
        if (!Ipv4Packet.TryCreate(frame[offset..end], out Ipv4Packet ip, out WireError error))
        {
            packet.Stop(LayerKind.Ipv4, offset, error);
            return;
        }
        if (!packet.Add(LayerKind.Ipv4, offset, ip.HeaderLength)) return;
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
        if (!packet.Add(LayerKind.Ipv6, offset, ip.HeaderLength)) return;
        int payloadStart = offset + ip.HeaderLength;
        int payloadEnd = payloadStart + ip.Payload.Length;
        Ipv6ExtensionWalker walker = ip.Extensions;
        IpProtocol pending = ip.NextHeader;
        while (walker.MoveNext())
        {
            if (!packet.Add(ExtensionKind(walker.Current.Type), payloadStart + walker.Offset, walker.Current.Length)) return;
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
            case IpProtocol.NoNextHeader:
                break;
            default:
                AddPayload(frame, offset, end, ref packet);
                break;
        }
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
