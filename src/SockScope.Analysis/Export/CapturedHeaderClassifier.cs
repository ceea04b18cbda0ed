using System.Buffers.Binary;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Export;

/// <summary>
/// The flow key of a packet the decoder stopped on, read as softflowd 1.1 reads every packet: from
/// the captured bytes alone, trusting no length field. An IPv4 header needs 20 captured bytes and
/// its own header length; a header length below 5 words or a total length below the header is
/// taken as it stands (the transport is read at header length * 4). IPv6 extension headers are
/// walked within what was captured, whatever the payload length says (BIG TCP's 0 included).
/// TCP needs 20 captured bytes and UDP 8 for their ports; fewer leave the ports 0 and the packet
/// counted.
/// </summary>
/// <remarks>
/// Well-formed packets never come here: <see cref="ExportPacketClassifier"/> reads them from the
/// decoder's layers. This path exists so that a collector stores the same flows from SockScope as
/// from softflowd for the malformed and oversized packets (BIG TCP, fuzzed headers) as well.
/// </remarks>
internal static class CapturedHeaderClassifier
{
    // IPv6 hop-by-hop, routing and destination-options headers: next header, then the length in
    // 8-byte units not counting the first 8 (RFC 8200 4.3-4.6). The fragment header is 8 bytes.
    private const int ExtensionLengthUnit = 8;
    private const int FragmentHeaderLength = 8;
    private const ushort Ipv6FragmentOffsetMask = 0xFFF8;

    /// <summary>Fills the key from the IP header at the start of <paramref name="ip"/>; false when softflowd would not count the packet (runt or wrong version).</summary>
    public static bool TryClassify(ReadOnlySpan<byte> ip, bool isIpv6, ref ExportPacket packet) =>
        isIpv6 ? TryClassifyIpv6(ip, ref packet) : TryClassifyIpv4(ip, ref packet);

    private static bool TryClassifyIpv4(ReadOnlySpan<byte> ip, ref ExportPacket packet)
    {
        if (ip.Length < Ipv4Offsets.MinHeaderLength) return false;
        int headerLength = (ip[Ipv4Offsets.VersionAndHeaderLength] & 0x0F) * 4;
        if (ip[Ipv4Offsets.VersionAndHeaderLength] >> 4 != 4 || ip.Length < headerLength) return false;
        if (!packet.ReadIpv4Fields(ip)) ReadTransport(ip[headerLength..], ref packet);
        return true;
    }

    private static bool TryClassifyIpv6(ReadOnlySpan<byte> ip, ref ExportPacket packet)
    {
        if (ip.Length < Ipv6Offsets.HeaderLength || ip[Ipv6Offsets.VersionClassFlow] >> 4 != 6) return false;
        packet.ReadIpv6Fields(ip);
        var next = (IpProtocol)ip[Ipv6Offsets.NextHeader];
        ReadOnlySpan<byte> rest = ip[Ipv6Offsets.HeaderLength..];
        // Each step consumes at least 8 bytes of the capture, so the walk ends.
        while (true)
        {
            if (next is IpProtocol.HopByHop or IpProtocol.Routing or IpProtocol.DestinationOptions)
            {
                if (rest.Length < 2) return true;                   // protocol 0, as softflowd
                int length = (rest[1] + 1) * ExtensionLengthUnit;
                if (rest.Length < length) return true;
                next = (IpProtocol)rest[0];
                rest = rest[length..];
            }
            else if (next == IpProtocol.Fragment)
            {
                packet.IsFragment = true;
                if (rest.Length < FragmentHeaderLength) return true;
                if ((BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) & Ipv6FragmentOffsetMask) != 0) return true;
                next = (IpProtocol)rest[0];
                rest = rest[FragmentHeaderLength..];
            }
            else break;
        }
        packet.Protocol = (byte)next;
        ReadTransport(rest, ref packet);
        return true;
    }

    /// <summary>Ports (TCP, UDP) or type and code (ICMP, ICMPv6) from what was captured of the transport header.</summary>
    private static void ReadTransport(ReadOnlySpan<byte> transport, ref ExportPacket packet)
    {
        switch ((IpProtocol)packet.Protocol)
        {
            case IpProtocol.Tcp when transport.Length >= TcpOffsets.MinHeaderLength:
                packet.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport[TcpOffsets.SourcePort..]);
                packet.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[TcpOffsets.DestinationPort..]);
                packet.TcpFlags = transport[TcpOffsets.Flags];
                break;
            case IpProtocol.Udp when transport.Length >= UdpOffsets.HeaderLength:
                packet.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(transport[UdpOffsets.SourcePort..]);
                packet.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(transport[UdpOffsets.DestinationPort..]);
                break;
            case IpProtocol.Icmp or IpProtocol.Icmpv6 when transport.Length >= 2:
                packet.DestinationPort = (ushort)(transport[0] << 8 | transport[1]);
                break;
        }
    }
}
