using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SockScope.Wire;
using SockScope.Wire.Addresses;
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
public ref struct FlowPacket
{
    private const int Ipv6HeaderLength = 40;

    // Backing fields, so that TryCreate writes the caller's instance in place: building a temporary
    // and copying its 100 bytes out stalled on store forwarding, the largest cost of this method.
    private FlowAddress _source;
    private FlowAddress _destination;
    private IpProtocol _protocol;
    private ushort _sourcePort;
    private ushort _destinationPort;
    private bool _isIcmpOneWay;
    private int _vlan;
    private int _innerVlan;
    private int _ipLength;
    private int _payloadLength;
    private uint _sequence;
    private uint _acknowledgment;
    private TcpFlags _tcpFlags;
    private ushort _window;
    private ReadOnlySpan<byte> _payload;

    /// <summary>Source address of the innermost IP header.</summary>
    public FlowAddress Source { readonly get => _source; init => _source = value; }
    /// <summary>Destination address of the innermost IP header.</summary>
    public FlowAddress Destination { readonly get => _destination; init => _destination = value; }
    /// <summary>The transport protocol (after IPv6 extension headers).</summary>
    public IpProtocol Protocol { readonly get => _protocol; init => _protocol = value; }
    /// <summary>TCP/UDP source port; ICMP type; 0 for other protocols.</summary>
    public ushort SourcePort { readonly get => _sourcePort; init => _sourcePort = value; }
    /// <summary>TCP/UDP destination port; ICMP counterpart type or code; 0 for other protocols.</summary>
    public ushort DestinationPort { readonly get => _destinationPort; init => _destinationPort = value; }
    /// <summary>True for an ICMP message with no counterpart (errors, one-way notices).</summary>
    public bool IsIcmpOneWay { readonly get => _isIcmpOneWay; init => _isIcmpOneWay = value; }
    /// <summary>Outer 802.1Q VLAN id, or -1.</summary>
    public int Vlan { readonly get => _vlan; init => _vlan = value; }
    /// <summary>Inner (Q-in-Q) VLAN id, or -1.</summary>
    public int InnerVlan { readonly get => _innerVlan; init => _innerVlan = value; }
    /// <summary>The IP datagram's length from its header (IPv4 total length; IPv6 40 + payload length): Zeek's ip_bytes.</summary>
    public int IpLength { readonly get => _ipLength; init => _ipLength = value; }
    /// <summary>Transport payload length from the headers (not what was captured).</summary>
    public int PayloadLength { readonly get => _payloadLength; init => _payloadLength = value; }
    /// <summary>TCP sequence number.</summary>
    public uint Sequence { readonly get => _sequence; init => _sequence = value; }
    /// <summary>TCP acknowledgment number.</summary>
    public uint Acknowledgment { readonly get => _acknowledgment; init => _acknowledgment = value; }
    /// <summary>TCP flags.</summary>
    public TcpFlags TcpFlags { readonly get => _tcpFlags; init => _tcpFlags = value; }
    /// <summary>TCP window (unscaled).</summary>
    public ushort Window { readonly get => _window; init => _window = value; }
    /// <summary>The captured transport payload (TCP data for reassembly); may be shorter than <see cref="PayloadLength"/> under a snap length.</summary>
    public ReadOnlySpan<byte> Payload { readonly get => _payload; init => _payload = value; }

    /// <summary>True for TCP, UDP, SCTP, ICMP and ICMPv6 (the protocols with ports or port equivalents).</summary>
    public readonly bool HasPorts => Protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or IpProtocol.Icmp or IpProtocol.Icmpv6;

    /// <summary>
    /// Reads the flow fields of a decoded frame. False when the frame has no IP layer, when the
    /// innermost IP datagram is a later fragment (defragment first), or when its transport header is malformed.
    /// </summary>
    /// <param name="frame">The frame that was decoded.</param>
    /// <param name="decoded">The decoder's result for <paramref name="frame"/>.</param>
    /// <param name="packet">The flow fields.</param>
    /// <remarks>
    /// Runs for every packet, so it reads the fields in place from the offsets the decoder found
    /// (the decoder already checked the IP header) rather than building the views again; the
    /// rarer IPv6 walk is kept out of line so that its locals do not widen this frame.
    /// </remarks>
    public static bool TryCreate(ReadOnlySpan<byte> frame, in DecodedPacket decoded, out FlowPacket packet)
    {
        int ip = decoded.IpLayerIndex;
        ReadOnlySpan<Layer> layers = decoded.Layers;
        ReadVlanIds(frame, decoded, out int vlan, out int innerVlan);
        packet = default;
        if (ip < 0) return false;
        Layer ipLayer = layers[ip];
        IpFields fields;
        if (ipLayer.Kind == LayerKind.Ipv4)
        {
            ReadOnlySpan<byte> header = frame[ipLayer.Offset..];
            if ((BinaryPrimitives.ReadUInt16BigEndian(header[Ipv4Offsets.FlagsAndFragmentOffset..]) & Ipv4Offsets.FragmentOffsetMask) != 0) return false;
            fields.Source = FlowAddress.From(Ipv4Address.Read(header[Ipv4Offsets.Source..]));
            fields.Destination = FlowAddress.From(Ipv4Address.Read(header[Ipv4Offsets.Destination..]));
            fields.Protocol = (IpProtocol)header[Ipv4Offsets.Protocol];
            fields.IpLength = Ipv4Packet.DatagramLength(header);
            fields.PayloadStart = ipLayer.End;
            fields.PayloadEnd = ipLayer.Offset + Math.Min(fields.IpLength, header.Length);
        }
        else if (!TryReadIpv6(frame, ipLayer, out fields)) return false;

        // The claimed end of the datagram: lengths come from headers, not from what the snap length kept.
        int claimedEnd = ipLayer.Offset + fields.IpLength;
        ReadOnlySpan<byte> transport = frame[fields.PayloadStart..fields.PayloadEnd];
        packet._source = fields.Source;
        packet._destination = fields.Destination;
        packet._protocol = fields.Protocol;
        packet._vlan = vlan;
        packet._innerVlan = innerVlan;
        packet._ipLength = fields.IpLength;
        switch (fields.Protocol)
        {
            case IpProtocol.Tcp:
                // What TcpSegment.TryCreate checks: the fixed header captured, a data offset of at least 5, the options captured.
                if (transport.Length < TcpOffsets.MinHeaderLength) return Reject(out packet);
                int tcpHeaderLength = (transport[TcpOffsets.DataOffset] >> 4) * 4;
                if (tcpHeaderLength < TcpOffsets.MinHeaderLength || transport.Length < tcpHeaderLength) return Reject(out packet);
                packet._sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport[TcpOffsets.SourcePort..]);
                packet._destinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[TcpOffsets.DestinationPort..]);
                packet._sequence = BinaryPrimitives.ReadUInt32BigEndian(transport[TcpOffsets.SequenceNumber..]);
                packet._acknowledgment = BinaryPrimitives.ReadUInt32BigEndian(transport[TcpOffsets.AcknowledgmentNumber..]);
                packet._tcpFlags = (TcpFlags)(((transport[TcpOffsets.DataOffset] & 1) << 8) | transport[TcpOffsets.Flags]);
                packet._window = BinaryPrimitives.ReadUInt16BigEndian(transport[TcpOffsets.Window..]);
                packet._payload = transport[tcpHeaderLength..];
                packet._payloadLength = Math.Max(0, claimedEnd - fields.PayloadStart - tcpHeaderLength);
                break;
            case IpProtocol.Udp:
                if (transport.Length < UdpOffsets.HeaderLength) return Reject(out packet);
                packet._sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport[UdpOffsets.SourcePort..]);
                packet._destinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[UdpOffsets.DestinationPort..]);
                int udpLength = BinaryPrimitives.ReadUInt16BigEndian(transport[UdpOffsets.Length..]);
                packet._payloadLength = Math.Max(0, udpLength - UdpOffsets.HeaderLength);
                // The payload the length field claims, cut at the captured bytes (all of it when the length is malformed).
                packet._payload = udpLength >= UdpOffsets.HeaderLength
                    ? transport[UdpOffsets.HeaderLength..Math.Min(udpLength, transport.Length)]
                    : transport[UdpOffsets.HeaderLength..];
                break;
            case IpProtocol.Sctp:
                if (transport.Length < 4) return Reject(out packet);
                packet._sourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport);
                packet._destinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
                packet._payloadLength = Math.Max(0, claimedEnd - fields.PayloadStart - 12);
                break;
            case IpProtocol.Icmp:
            case IpProtocol.Icmpv6:
                if (transport.Length < 2) return Reject(out packet);
                (packet._sourcePort, packet._destinationPort, packet._isIcmpOneWay) = fields.Protocol == IpProtocol.Icmp
                    ? IcmpPortMapping.Icmpv4(transport[0], transport[1])
                    : IcmpPortMapping.Icmpv6(transport[0], transport[1]);
                packet._payloadLength = Math.Max(0, claimedEnd - fields.PayloadStart - 8);
                break;
            default:
                packet._payloadLength = Math.Max(0, claimedEnd - fields.PayloadStart);
                break;
        }
        return true;
    }

    /// <summary>
    /// The outer and inner 802.1Q ids (-1 when absent): the tags right after the link header. Tags
    /// inside a tunnel do not count. True when there is at least one.
    /// </summary>
    internal static bool ReadVlanIds(ReadOnlySpan<byte> frame, in DecodedPacket decoded, out int vlan, out int innerVlan)
    {
        vlan = innerVlan = -1;
        ReadOnlySpan<Layer> layers = decoded.Layers;
        for (int i = 1; i < layers.Length && layers[i].Kind == LayerKind.Vlan; i++)
        {
            int id = BinaryPrimitives.ReadUInt16BigEndian(frame[layers[i].Offset..]) & 0x0FFF;
            if (vlan < 0) vlan = id;
            else if (innerVlan < 0) innerVlan = id;
        }
        return vlan >= 0;
    }

    /// <summary>A malformed transport header: nothing of the packet is kept.</summary>
    private static bool Reject(out FlowPacket packet)
    {
        packet = default;
        return false;
    }

    /// <summary>The IPv6 header and its extension headers, walked to the upper layer; false for a later fragment or a malformed chain.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryReadIpv6(ReadOnlySpan<byte> frame, Layer ipLayer, out IpFields fields)
    {
        fields = default;
        if (!Ipv6Packet.TryCreate(frame[ipLayer.Offset..], out Ipv6Packet v6, out _)) return false;
        Ipv6ExtensionWalker walker = v6.Extensions;
        fields.Protocol = walker.SkipToUpperLayer();
        if (walker.IsLaterFragment || walker.Error != WireError.None) return false;
        fields.Source = FlowAddress.From(v6.Source);
        fields.Destination = FlowAddress.From(v6.Destination);
        fields.IpLength = Ipv6HeaderLength + v6.PayloadLength;
        fields.PayloadEnd = ipLayer.Offset + Ipv6HeaderLength + v6.Payload.Length;
        fields.PayloadStart = fields.PayloadEnd - walker.UpperPayload.Length;
        return true;
    }

    /// <summary>What the IP header says: addresses, the upper protocol, the claimed length and where the upper layer lies in the frame.</summary>
    private struct IpFields
    {
        public FlowAddress Source, Destination;
        public IpProtocol Protocol;
        public int IpLength, PayloadStart, PayloadEnd;
    }
}
