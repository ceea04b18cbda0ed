using System.Buffers.Binary;
using SockScope.Wire;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Net.Attribution;

/// <summary>
/// A packet's flow as the attribution table needs it: protocol, source and destination (address
/// and port; the echo identifier on both sides for ICMP echo). Read with the Wire views, without
/// allocating; fields the packet does not have stay zero.
/// </summary>
public readonly record struct PacketFlow(byte Protocol, Endpoint Source, Endpoint Destination)
{
    /// <summary>
    /// A TCP segment with SYN set (a connection's first segment or its answer): the only TCP packets
    /// that may take a connect() intent. Not part of the flow's identity (equality, hash).
    /// </summary>
    public bool Syn { get; init; }

    /// <summary>A TCP segment with ACK set. Not part of the flow's identity.</summary>
    public bool Ack { get; init; }

    /// <summary>A TCP SYN without ACK: a connection being opened, perhaps on a 4-tuple an earlier connection used.</summary>
    public bool Opening => Protocol == 6 && Syn && !Ack;

    /// <summary>Field by field, without generic comparers (<see cref="Syn"/> and <see cref="Ack"/> are not compared).</summary>
    public bool Equals(PacketFlow other) => Protocol == other.Protocol && Source.Equals(other.Source) && Destination.Equals(other.Destination);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        FlowHash.Mix(Source.High ^ Destination.High * FlowHash.Odd, Source.Low, Destination.Low, ((ulong)Protocol << 32) | ((ulong)Source.Port << 16) | Destination.Port);

    /// <summary>The flow seen from the sender's side (local = source).</summary>
    public FlowKey AsSent => new(Protocol, Source.High, Source.Low, Source.Port, Destination.High, Destination.Low, Destination.Port);

    /// <summary>The flow seen from the receiver's side (local = destination).</summary>
    public FlowKey AsReceived => new(Protocol, Destination.High, Destination.Low, Destination.Port, Source.High, Source.Low, Source.Port);

    /// <summary>Reads the IP flow of a captured frame of link type <paramref name="linkType"/>; false for anything but TCP, UDP and ICMP over IP.</summary>
    public static bool TryRead(LinkType linkType, ReadOnlySpan<byte> frame, out PacketFlow flow)
    {
        flow = default;
        ReadOnlySpan<byte> ip;
        switch (linkType)
        {
            case LinkType.Ethernet:
            {
                int at = 12;
                if (frame.Length < at + 2) return false;
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
                // Up to two 802.1Q / 802.1ad tags.
                for (int tags = 0; tags < 2 && type is 0x8100 or 0x88A8 && frame.Length >= at + 6; tags++)
                {
                    at += 4;
                    type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
                }
                if (type is not (0x0800 or 0x86DD)) return false;
                ip = frame[(at + 2)..];
                break;
            }
            case LinkType.LinuxSll2:
                // struct sll2_header: protocol (big-endian) first, 20 bytes in all.
                if (frame.Length < 20 || BinaryPrimitives.ReadUInt16BigEndian(frame) is not (0x0800 or 0x86DD)) return false;
                ip = frame[20..];
                break;
            case LinkType.LinuxSll:
                if (frame.Length < 16 || BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) is not (0x0800 or 0x86DD)) return false;
                ip = frame[16..];
                break;
            case LinkType.Raw:
                ip = frame;
                break;
            default:
                return false;
        }
        if (ip.Length == 0) return false;
        return (ip[0] >> 4) == 4 ? TryReadIpv4(ip, out flow) : TryReadIpv6(ip, out flow);
    }

    private static bool TryReadIpv4(ReadOnlySpan<byte> bytes, out PacketFlow flow)
    {
        flow = default;
        if (!Ipv4Packet.TryCreate(bytes, out Ipv4Packet ip, out _)) return false;
        // Only a first fragment carries the ports.
        if (ip.FragmentOffsetUnits != 0) return false;
        ulong source = FlowKey.MappedLow(ip.Source.Value), destination = FlowKey.MappedLow(ip.Destination.Value);
        return TryReadTransport((byte)ip.Protocol, ip.Payload, 0, source, 0, destination, out flow);
    }

    private static bool TryReadIpv6(ReadOnlySpan<byte> bytes, out PacketFlow flow)
    {
        flow = default;
        if (!Ipv6Packet.TryCreate(bytes, out Ipv6Packet ip, out _)) return false;
        return TryReadTransport((byte)ip.NextHeader, ip.Payload, ip.Source.High, ip.Source.Low, ip.Destination.High, ip.Destination.Low, out flow);
    }

    private static bool TryReadTransport(byte protocol, ReadOnlySpan<byte> payload, ulong sourceHigh, ulong sourceLow, ulong destinationHigh, ulong destinationLow, out PacketFlow flow)
    {
        flow = default;
        ushort sourcePort, destinationPort;
        bool syn = false, ack = false;
        switch ((IpProtocol)protocol)
        {
            case IpProtocol.Tcp:
                if (!TcpSegment.TryCreate(payload, out TcpSegment tcp, out _)) return false;
                (sourcePort, destinationPort) = (tcp.SourcePort, tcp.DestinationPort);
                syn = (tcp.Flags & TcpFlags.Syn) != 0;
                ack = (tcp.Flags & TcpFlags.Ack) != 0;
                break;
            case IpProtocol.Udp:
                if (!UdpDatagram.TryCreate(payload, out UdpDatagram udp, out _)) return false;
                (sourcePort, destinationPort) = (udp.SourcePort, udp.DestinationPort);
                break;
            case IpProtocol.Icmp:
                if (!IcmpMessage.TryCreate(payload, out IcmpMessage icmp, out _)) return false;
                if (!icmp.IsEcho) return false;
                sourcePort = destinationPort = icmp.Identifier;
                break;
            case IpProtocol.Icmpv6:
                if (!Icmpv6Message.TryCreate(payload, out Icmpv6Message icmp6, out _)) return false;
                if (icmp6.Type is not (Icmpv6Type.EchoRequest or Icmpv6Type.EchoReply)) return false;
                sourcePort = destinationPort = icmp6.Identifier;
                break;
            default:
                return false;
        }
        flow = new PacketFlow(protocol, new Endpoint(sourceHigh, sourceLow, sourcePort), new Endpoint(destinationHigh, destinationLow, destinationPort)) { Syn = syn, Ack = ack };
        return true;
    }
}
