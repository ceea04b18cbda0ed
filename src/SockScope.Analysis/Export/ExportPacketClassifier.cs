using System.Buffers.Binary;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Export;

/// <summary>
/// Turns a decoded packet into the flow key and counters softflowd 1.1 would take from it, so that
/// a collector sees the same flows from SockScope as from softflowd: the outermost IP header keys
/// the flow; TCP and UDP give ports, ICMP and ICMPv6 give 0 and type * 256 + code; a later IPv4
/// fragment keeps its protocol with ports 0, a later IPv6 fragment is protocol 0 (softflowd stops
/// before it reads the next header); IPv6 hop-by-hop, routing, destination-options and first
/// fragment headers are skipped, any other extension (AH, mobility) is the flow's protocol. Bytes
/// are the original length minus the link header, as softflowd counts them (Ethernet padding
/// included). A packet the decoder stopped on is read from its captured bytes as softflowd reads
/// it (<see cref="CapturedHeaderClassifier"/>).
/// </summary>
public static class ExportPacketClassifier
{
    /// <summary>
    /// Fills <paramref name="packet"/> from <paramref name="decoded"/> (decoded from
    /// <paramref name="frame"/>). False when the packet has no decodable IP header (not counted).
    /// </summary>
    public static bool TryClassify(ReadOnlySpan<byte> frame, int originalLength, in DecodedPacket decoded, out ExportPacket packet)
    {
        packet = default;
        ReadOnlySpan<Layer> layers = decoded.Layers;
        int ipIndex = -1;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerKind kind = layers[i].Kind;
            if (kind is LayerKind.Ipv4 or LayerKind.Ipv6) { ipIndex = i; break; }
        }
        if (decoded.StopError != WireError.None) return TryClassifyStopped(frame, originalLength, decoded, ipIndex, out packet);
        if (ipIndex < 0) return false;
        Layer ipLayer = layers[ipIndex];
        packet.Bytes = BytesFrom(CountStart(layers, ipIndex, ipLayer.Offset), frame, originalLength);
        ReadOnlySpan<byte> ipBytes = ipLayer.From(frame);
        int next = ipIndex + 1;
        // The decoder added the IP layer only after checking its header, so its fields are read in
        // place (this runs for every packet of a live export).
        if (ipLayer.Kind == LayerKind.Ipv4)
        {
            if (packet.ReadIpv4Fields(ipBytes)) return true;
        }
        else if (BinaryPrimitives.ReadUInt16BigEndian(ipBytes[Ipv6Offsets.PayloadLength..]) == 0)
        {
            // The decoder reads nothing past a zero payload length (BIG TCP without its jumbo
            // option, fuzzed headers); softflowd reads on into what was captured.
            return CapturedHeaderClassifier.TryClassify(ipBytes, isIpv6: true, ref packet);
        }
        else
        {
            packet.ReadIpv6Fields(ipBytes);
            IpProtocol protocol = (IpProtocol)ipBytes[Ipv6Offsets.NextHeader];
            for (; next < layers.Length; next++)
            {
                Layer layer = layers[next];
                if (layer.Kind is LayerKind.Ipv6HopByHop or LayerKind.Ipv6Routing or LayerKind.Ipv6DestinationOptions)
                {
                    protocol = (IpProtocol)layer.HeaderOf(frame)[0];
                    continue;
                }
                if (layer.Kind == LayerKind.Ipv6Fragment)
                {
                    packet.IsFragment = true;
                    var fragment = new Ipv6Extension(IpProtocol.Fragment, layer.HeaderOf(frame));
                    if (fragment.FragmentOffset != 0) return true; // protocol 0, ports 0, as softflowd
                    protocol = fragment.NextHeader;
                    continue;
                }
                break;
            }
            packet.Protocol = (byte)protocol;
            if (protocol is IpProtocol.Ah or IpProtocol.Mobility) return true;
        }
        // Nothing after the IP headers (a protocol without a decoded header, or no payload).
        if (next >= layers.Length) return true;
        Layer transport = layers[next];
        ReadOnlySpan<byte> header = transport.HeaderOf(frame);
        switch (transport.Kind)
        {
            // The decoder added a TCP or UDP layer only with its whole header captured.
            case LayerKind.Tcp:
                packet.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(header[TcpOffsets.SourcePort..]);
                packet.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(header[TcpOffsets.DestinationPort..]);
                packet.TcpFlags = header[TcpOffsets.Flags];
                break;
            case LayerKind.Udp:
                packet.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(header[UdpOffsets.SourcePort..]);
                packet.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(header[UdpOffsets.DestinationPort..]);
                break;
            case LayerKind.Icmp or LayerKind.Icmpv6:
                packet.DestinationPort = (ushort)(header[0] << 8 | header[1]);
                break;
        }
        return true;
    }

    /// <summary>
    /// A packet the decoder stopped on (a malformed or oversized header at or after the outermost IP
    /// header): keyed from its captured bytes as softflowd keys it, so that both probes count it alike.
    /// </summary>
    private static bool TryClassifyStopped(ReadOnlySpan<byte> frame, int originalLength, in DecodedPacket decoded, int ipIndex, out ExportPacket packet)
    {
        packet = default;
        int ipOffset;
        bool isIpv6;
        if (ipIndex >= 0)
        {
            Layer ipLayer = decoded.Layers[ipIndex];
            (ipOffset, isIpv6) = (ipLayer.Offset, ipLayer.Kind == LayerKind.Ipv6);
        }
        else if (decoded.StopLayer is LayerKind.Ipv4 or LayerKind.Ipv6)
        {
            // The outermost IP header itself was rejected (bad header or total length, BIG TCP).
            (ipOffset, isIpv6) = (decoded.StopOffset, decoded.StopLayer == LayerKind.Ipv6);
        }
        else return false;
        packet.Bytes = BytesFrom(CountStart(decoded.Layers, ipIndex >= 0 ? ipIndex : decoded.Count, ipOffset), frame, originalLength);
        return CapturedHeaderClassifier.TryClassify(frame[ipOffset..], isIpv6, ref packet);
    }

    /// <summary>
    /// Where softflowd starts counting bytes: the IP header, or the MPLS label stack right before it
    /// (softflowd skips the labels to find the IP header but counts them, as it counts from the end of the link header).
    /// </summary>
    private static int CountStart(ReadOnlySpan<Layer> layers, int ipIndex, int ipOffset)
    {
        int start = ipOffset;
        for (int k = ipIndex - 1; k >= 0 && layers[k].Kind == LayerKind.Mpls; k--) start = layers[k].Offset;
        return start;
    }

    /// <summary>softflowd's byte count: the frame's length on the wire from <paramref name="ipOffset"/> (the IP header, or the labels before it) on.</summary>
    private static uint BytesFrom(int ipOffset, ReadOnlySpan<byte> frame, int originalLength) =>
        (uint)Math.Max(0, Math.Max(originalLength, frame.Length) - ipOffset);
}
