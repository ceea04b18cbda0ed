using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Formatting;

// UDP as tcpdump 4.99 prints it: ports, the checksum check (-vv over IPv4, -v over IPv6),
// DNS on port 53 (and 5353), "UDP, length N" for the rest.
public sealed partial class TcpdumpPrinter
{
    private const int JumboThreshold = 65535;
    private const int MdnsPort = 5353;

    private void PrintUdp(ReadOnlySpan<byte> b, long length, in IpInfo ip, bool fragmented, bool directlyAfterIpHeader)
    {
        if (!UdpDatagram.TryCreate(b, out UdpDatagram udp, out _))
        {
            PrintShortUdp(b, length, ip, directlyAfterIpHeader);
            return;
        }
        ushort sourcePort = udp.SourcePort;
        ushort destinationPort = udp.DestinationPort;
        if (length < UdpOffsets.HeaderLength)
        {
            AppendEndpoints(ip, sourcePort, destinationPort, directlyAfterIpHeader, tcp: false);
            _out.Append("truncated-udp "u8).Append(length);
            return;
        }
        long udpLength = JumboUdpLength(udp.Length, length);
        if (udpLength < UdpOffsets.HeaderLength)
        {
            AppendEndpoints(ip, sourcePort, destinationPort, directlyAfterIpHeader, tcp: false);
            _out.Append("truncated-udplength "u8).Append(udpLength);
            return;
        }
        udpLength -= UdpOffsets.HeaderLength;
        length -= UdpOffsets.HeaderLength;
        // What the IP layer carries after the UDP header: a UDP length beyond it is "bad", unless
        // this is the first fragment of a larger datagram.
        long carriedLength = length;
        if (udpLength < length) length = udpLength;
        AppendEndpoints(ip, sourcePort, destinationPort, directlyAfterIpHeader, tcp: false);
        ReadOnlySpan<byte> payload = b[UdpOffsets.HeaderLength..(int)Math.Min(UdpOffsets.HeaderLength + length, b.Length)];
        if (_options.Verbosity > 0 && _options.VerifyChecksums && !fragmented && (ip.IsIpv6 || _options.Verbosity > 1))
        {
            ushort carried = udp.Checksum;
            if (!ip.IsIpv6 && carried == 0) _out.Append("[no cksum] "u8);
            else if (payload.Length >= length)
            {
                ReadOnlySpan<byte> datagram = b[..(int)(UdpOffsets.HeaderLength + length)];
                if (TransportChecksum(ip, IpProtocol.Udp, datagram, UdpOffsets.Checksum, out ushort expected)) _out.Append("[udp sum ok] "u8);
                else _out.Append("[bad udp cksum 0x"u8).AppendHex(carried, 4).Append(" -> 0x"u8).AppendHex(expected, 4).Append("!] "u8);
            }
        }
        if (!_options.Quiet && (sourcePort == 53 || destinationPort == 53))
        {
            DnsPrinter.Print(payload, length, _out, DnsPrintContext.From(_options));
            return;
        }
        // Either port 5353 makes it multicast DNS (also unicast queries and replies, RFC 6762 §5.5):
        // the class field's top bit is QU / cache flush, not part of the class.
        if (!_options.Quiet && (sourcePort == MdnsPort || destinationPort == MdnsPort))
        {
            DnsPrinter.Print(payload, length, _out, DnsPrintContext.From(_options) with { Multicast = true });
            return;
        }
        if (udpLength > carriedLength && !fragmented) _out.Append("UDP, bad length "u8).Append(udpLength).Append(" > "u8).Append(carriedLength);
        else _out.Append("UDP, length "u8).Append(udpLength);
    }

    /// <summary>
    /// A jumbogram carries 0 in the UDP length and its length in the IPv6 hop-by-hop header
    /// (RFC 2675): the IP layer's length then stands for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long JumboUdpLength(ushort lengthField, long length) =>
        lengthField == 0 && length > JumboThreshold ? length : lengthField;

    /// <summary>
    /// Fewer than the 8 header bytes captured: tcpdump still prints the ports and the length
    /// checks the captured bytes allow, read in place at the header's offsets.
    /// </summary>
    private void PrintShortUdp(ReadOnlySpan<byte> b, long length, in IpInfo ip, bool directlyAfterIpHeader)
    {
        if (b.Length < UdpOffsets.DestinationPort + 2)
        {
            if (directlyAfterIpHeader) AppendIpAddresses(ip).Append(": "u8);
            _out.Append(" [|udp]"u8);
            return;
        }
        ushort sourcePort = BinaryPrimitives.ReadUInt16BigEndian(b[UdpOffsets.SourcePort..]);
        ushort destinationPort = BinaryPrimitives.ReadUInt16BigEndian(b[UdpOffsets.DestinationPort..]);
        AppendEndpoints(ip, sourcePort, destinationPort, directlyAfterIpHeader, tcp: false);
        if (length < UdpOffsets.HeaderLength)
        {
            _out.Append("truncated-udp "u8).Append(length);
            return;
        }
        if (b.Length >= UdpOffsets.Length + 2)
        {
            long udpLength = JumboUdpLength(BinaryPrimitives.ReadUInt16BigEndian(b[UdpOffsets.Length..]), length);
            if (udpLength < UdpOffsets.HeaderLength)
            {
                _out.Append("truncated-udplength "u8).Append(udpLength);
                return;
            }
        }
        _out.Append(" [|udp]"u8);
    }
}
