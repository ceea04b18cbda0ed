using System.Buffers.Binary;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Flows;

/// <summary>
/// What the flow table needs from one decoded packet: the innermost IP header's addresses and
/// lengths, the transport "ports" (ICMP: <see cref="IcmpPortMapping"/>), the VLAN ids and, for TCP,
/// the header fields and the captured payload. A view over the caller's frame: valid while it is.
/// </summary>
public readonly ref struct FlowPacket
{
    private const int Ipv6HeaderLength = 40;

    /// <summary>Source address of the innermost IP header.</summary>
    public FlowAddress Source { get; init; }
    /// <summary>Destination address of the innermost IP header.</summary>
    public FlowAddress Destination { get; init; }
    /// <summary>The transport protocol (after IPv6 extension headers).</summary>
    public IpProtocol Protocol { get; init; }
    /// <summary>TCP/UDP source port; ICMP type; 0 for other protocols.</summary>
    public ushort SourcePort { get; init; }
    /// <summary>TCP/UDP destination port; ICMP counterpart type or code; 0 for other protocols.</summary>
    public ushort DestinationPort { get; init; }
    /// <summary>True for an ICMP message with no counterpart (errors, one-way notices).</summary>
    public bool IsIcmpOneWay { get; init; }
    /// <summary>Outer 802.1Q VLAN id, or -1.</summary>
    public int Vlan { get; init; }
    /// <summary>Inner (Q-in-Q) VLAN id, or -1.</summary>
    public int InnerVlan { get; init; }
    /// <summary>The IP datagram's length from its header (IPv4 total length; IPv6 40 + payload length): Zeek's ip_bytes.</summary>
    public int IpLength { get; init; }
    /// <summary>Transport payload length from the headers (not what was captured).</summary>
    public int PayloadLength { get; init; }
    /// <summary>TCP sequence number.</summary>
    public uint Sequence { get; init; }
    /// <summary>TCP acknowledgment number.</summary>
    public uint Acknowledgment { get; init; }
    /// <summary>TCP flags.</summary>
    public TcpFlags TcpFlags { get; init; }
    /// <summary>TCP window (unscaled).</summary>
    public ushort Window { get; init; }
    /// <summary>The captured transport payload (TCP data for reassembly); may be shorter than <see cref="PayloadLength"/> under a snap length.</summary>
    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>True for TCP, UDP, SCTP, ICMP and ICMPv6 (the protocols with ports or port equivalents).</summary>
    public bool HasPorts => Protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or IpProtocol.Icmp or IpProtocol.Icmpv6;

    /// <summary>
    /// Reads the flow fields of a decoded frame. False when the frame has no IP layer, when the
    /// innermost IP datagram is a later fragment (defragment first), or when its transport header is malformed.
    /// </summary>
    /// <param name="frame">The frame that was decoded.</param>
    /// <param name="decoded">The decoder's result for <paramref name="frame"/>.</param>
    /// <param name="packet">The flow fields.</param>
    public static bool TryCreate(ReadOnlySpan<byte> frame, in DecodedPacket decoded, out FlowPacket packet)
    {
        packet = default;
        int vlan = -1, innerVlan = -1, ip = -1;
        for (int i = 0; i < decoded.Count; i++)
        {
            Layer layer = decoded[i];
            switch (layer.Kind)
            {
                case LayerKind.Vlan when ip < 0:
                    int id = BinaryPrimitives.ReadUInt16BigEndian(frame[layer.Offset..]) & 0x0FFF;
                    if (vlan < 0) vlan = id;
                    else if (innerVlan < 0) innerVlan = id;
                    break;
                case LayerKind.Ipv4:
                case LayerKind.Ipv6:
                    ip = i;
                    break;
            }
        }
        if (ip < 0) return false;
        Layer ipLayer = decoded[ip];
        FlowAddress src, dst;
        IpProtocol protocol;
        int ipLength, payloadStart, payloadEnd;
        if (ipLayer.Kind == LayerKind.Ipv4)
        {
            if (!Ipv4Packet.TryCreate(frame[ipLayer.Offset..], out Ipv4Packet v4, out _) || v4.FragmentOffsetUnits != 0) return false;
            src = FlowAddress.From(v4.Source);
            dst = FlowAddress.From(v4.Destination);
            protocol = v4.Protocol;
            ipLength = v4.TotalLength;
            payloadStart = ipLayer.Offset + v4.HeaderLength;
            payloadEnd = payloadStart + v4.Payload.Length;
        }
        else
        {
            if (!Ipv6Packet.TryCreate(frame[ipLayer.Offset..], out Ipv6Packet v6, out _)) return false;
            Ipv6ExtensionWalker walker = v6.Extensions;
            protocol = walker.SkipToUpperLayer();
            if (walker.IsLaterFragment || walker.Error != WireError.None) return false;
            src = FlowAddress.From(v6.Source);
            dst = FlowAddress.From(v6.Destination);
            ipLength = Ipv6HeaderLength + v6.PayloadLength;
            payloadEnd = ipLayer.Offset + Ipv6HeaderLength + v6.Payload.Length;
            payloadStart = payloadEnd - walker.UpperPayload.Length;
        }
        // The claimed end of the datagram: lengths come from headers, not from what the snap length kept.
        int claimedEnd = ipLayer.Offset + ipLength;
        ReadOnlySpan<byte> transport = frame[payloadStart..payloadEnd];
        ushort sport = 0, dport = 0;
        bool oneWay = false;
        int payloadLength = 0;
        uint seq = 0, ack = 0;
        TcpFlags flags = TcpFlags.None;
        ushort window = 0;
        ReadOnlySpan<byte> payload = default;
        switch (protocol)
        {
            case IpProtocol.Tcp:
                if (!TcpSegment.TryCreate(transport, out TcpSegment tcp, out _)) return false;
                sport = tcp.SourcePort;
                dport = tcp.DestinationPort;
                seq = tcp.SequenceNumber;
                ack = tcp.AcknowledgmentNumber;
                flags = tcp.Flags;
                window = tcp.Window;
                payload = tcp.Payload;
                payloadLength = Math.Max(0, claimedEnd - payloadStart - tcp.HeaderLength);
                break;
            case IpProtocol.Udp:
                if (!UdpDatagram.TryCreate(transport, out UdpDatagram udp, out _)) return false;
                sport = udp.SourcePort;
                dport = udp.DestinationPort;
                payloadLength = Math.Max(0, udp.Length - udp.HeaderLength);
                payload = udp.Payload;
                break;
            case IpProtocol.Sctp:
                if (transport.Length < 4) return false;
                sport = BinaryPrimitives.ReadUInt16BigEndian(transport);
                dport = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
                payloadLength = Math.Max(0, claimedEnd - payloadStart - 12);
                break;
            case IpProtocol.Icmp:
            case IpProtocol.Icmpv6:
                if (transport.Length < 2) return false;
                (sport, dport, oneWay) = protocol == IpProtocol.Icmp
                    ? IcmpPortMapping.Icmpv4(transport[0], transport[1])
                    : IcmpPortMapping.Icmpv6(transport[0], transport[1]);
                payloadLength = Math.Max(0, claimedEnd - payloadStart - 8);
                break;
            default:
                payloadLength = Math.Max(0, claimedEnd - payloadStart);
                break;
        }
        packet = new FlowPacket
        {
            Source = src,
            Destination = dst,
            Protocol = protocol,
            SourcePort = sport,
            DestinationPort = dport,
            IsIcmpOneWay = oneWay,
            Vlan = vlan,
            InnerVlan = innerVlan,
            IpLength = ipLength,
            PayloadLength = payloadLength,
            Sequence = seq,
            Acknowledgment = ack,
            TcpFlags = flags,
            Window = window,
            Payload = payload,
        };
        return true;
    }
}
