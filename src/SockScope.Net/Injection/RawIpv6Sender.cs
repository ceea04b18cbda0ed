using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Interop;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ip;

namespace SockScope.Net.Injection;

/// <summary>
/// Sends IPv6 packets the way RFC 3542 advises: the kernel builds the IPv6 header, and what the
/// caller's header says goes through socket options — hop limit (IPV6_UNICAST_HOPS or
/// IPV6_MULTICAST_HOPS), traffic class (IPV6_TCLASS), hop-by-hop and destination options and the
/// routing header (IPV6_HOPOPTS, IPV6_DSTOPTS, IPV6_RTHDRDSTOPTS, IPV6_RTHDR), the source by bind —
/// on a raw socket of the upper-layer protocol, which then carries the payload as built.
/// What no option can say (a fragment header, a flow label, a wrong version or payload length, an
/// ICMPv6 checksum that is wrong on purpose, which the kernel would recompute) is sent instead with
/// the header included, on an IPPROTO_RAW socket. <see cref="LastSendIncludedHeader"/> tells which.
/// </summary>
public sealed class RawIpv6Sender : IDisposable
{
    private const int Ipv6MulticastHops = 18;
    private const int Ipv6HopOptions = 54;
    private const int Ipv6RoutingDestinationOptions = 55;
    private const int Ipv6RoutingHeader = 57;
    private const int Ipv6DestinationOptions = 59;
    private const int Ipv6AutoFlowLabel = 70;

    private readonly string? _device;
    private readonly Dictionary<(byte Protocol, Ipv6Address Source), (Socket Socket, byte[] Signature)> _sockets = [];
    private Socket? _headerIncluded;

    /// <summary>Creates a sender; its sockets are opened on the first packet of each upper-layer protocol and source address.</summary>
    /// <param name="device">When given, every socket is bound to this interface (SO_BINDTODEVICE); null sends where the routing table decides.</param>
    public RawIpv6Sender(string? device = null) => _device = device;

    /// <summary>True when the last <see cref="Send"/> had to send the packet with its own header on an IPPROTO_RAW socket; false when the kernel built the header from socket options.</summary>
    public bool LastSendIncludedHeader { get; private set; }

    /// <summary>Sends one IPv6 packet, header included, to the destination its header names.</summary>
    /// <param name="packet">A whole IPv6 packet: the 40-byte header, extension headers and the upper-layer payload.</param>
    /// <returns>The bytes the kernel took, counted from the start of <paramref name="packet"/> (the IPv6 header included).</returns>
    /// <exception cref="ArgumentException">When the packet is shorter than the 40-byte IPv6 header (a wrong version number is sent as built, header included).</exception>
    /// <exception cref="MissingPrivilegeException">Without CAP_NET_RAW.</exception>
    /// <exception cref="NetOperationException">When the kernel refuses to send.</exception>
    public int Send(ReadOnlySpan<byte> packet)
    {
        if (!Ipv6Header.TryParse(packet, out Ipv6Header header))
            throw new ArgumentException("an IPv6 packet starts with a 40-byte header", nameof(packet));
        SocketAddress destination = new IPEndPoint(header.Destination.ToIPAddress(), 0).Serialize();
        if (!TrySplit(packet, header, out Extensions ext, out byte upperProtocol, out int upperAt))
        {
            LastSendIncludedHeader = true;
            return SendIncluded(packet, destination);
        }
        Socket? socket = SocketFor(upperProtocol, header.Source, packet, ext);
        if (socket is null)
        {
            // The kernel refused the extension headers as options (a type 0 routing header, say): send them as built.
            LastSendIncludedHeader = true;
            return SendIncluded(packet, destination);
        }
        LastSendIncludedHeader = false;
        socket.SetInt32(RawSocketInterop.SolIpv6, header.Destination.IsMulticast ? Ipv6MulticastHops : RawSocketInterop.Ipv6UnicastHops, header.HopLimit);
        socket.SetInt32(RawSocketInterop.SolIpv6, RawSocketInterop.Ipv6TrafficClass, header.TrafficClass);
        return SenderSockets.SendTo(socket, packet[upperAt..], destination) + upperAt;
    }

    private struct Extensions
    {
        public int HopByHopAt, HopByHopLength, RoutingDestinationAt, RoutingDestinationLength;
        public int RoutingAt, RoutingLength, DestinationAt, DestinationLength;
    }

    /// <summary>
    /// Finds the extension headers in the order RFC 8200 gives them (hop-by-hop, destination options
    /// before routing, routing, destination options) and the upper layer; false when the packet
    /// says something the socket options cannot.
    /// </summary>
    private static bool TrySplit(ReadOnlySpan<byte> packet, in Ipv6Header header, out Extensions ext, out byte upper, out int upperAt)
    {
        ext = default;
        upper = 0;
        upperAt = Ipv6Header.Size;
        if (header.Version != 6 || header.FlowLabel != 0 || header.PayloadLength != packet.Length - Ipv6Header.Size) return false;
        byte next = (byte)(header.NextHeader ?? IpProtocol.NoNextHeader);
        int at = Ipv6Header.Size;
        int stage = 0; // 0 nothing yet, 1 after hop-by-hop, 2 after dst-before-routing, 3 after routing, 4 after final dst
        while (next is 0 or 43 or 60)
        {
            if (at + 8 > packet.Length) return false;
            int length = (packet[at + 1] + 1) * 8;
            if (at + length > packet.Length) return false;
            switch (next)
            {
                case 0 when stage == 0 && at == Ipv6Header.Size:
                    ext.HopByHopAt = at; ext.HopByHopLength = length; stage = 1; break;
                case 60 when stage < 2 && NextOf(packet, at) == 43:
                    ext.RoutingDestinationAt = at; ext.RoutingDestinationLength = length; stage = 2; break;
                case 43 when stage < 3:
                    ext.RoutingAt = at; ext.RoutingLength = length; stage = 3; break;
                case 60 when stage < 4:
                    ext.DestinationAt = at; ext.DestinationLength = length; stage = 4; break;
                default:
                    return false;
            }
            next = packet[at];
            at += length;
        }
        if (next == (byte)IpProtocol.Fragment || next == (byte)IpProtocol.NoNextHeader && at < packet.Length) return false;
        // The kernel always computes an ICMPv6 checksum; one that is wrong on purpose must go out as built.
        if (next == (byte)IpProtocol.Icmpv6 && !InternetChecksum.Verify(header.Source, header.Destination, IpProtocol.Icmpv6, packet[at..])) return false;
        upper = next;
        upperAt = at;
        return true;
    }

    private static byte NextOf(ReadOnlySpan<byte> packet, int at) => packet[at];

    /// <summary>
    /// A socket for this protocol and source whose sticky extension headers are these. Sticky
    /// options cannot be unset through Socket (an empty value is refused), so a socket that carries
    /// different ones is replaced.
    /// </summary>
    private Socket? SocketFor(byte protocol, Ipv6Address source, ReadOnlySpan<byte> packet, in Extensions ext)
    {
        byte[] signature = [.. packet.Slice(ext.HopByHopAt, ext.HopByHopLength), 0xFF, .. packet.Slice(ext.RoutingDestinationAt, ext.RoutingDestinationLength),
            0xFF, .. packet.Slice(ext.RoutingAt, ext.RoutingLength), 0xFF, .. packet.Slice(ext.DestinationAt, ext.DestinationLength)];
        if (_sockets.TryGetValue((protocol, source), out (Socket Socket, byte[] Signature) cached))
        {
            if (cached.Signature.AsSpan().SequenceEqual(signature)) return cached.Socket;
            cached.Socket.Dispose();
            _sockets.Remove((protocol, source));
        }
        Socket socket = SenderSockets.OpenRaw(AddressFamily.InterNetworkV6, (ProtocolType)protocol, "raw IPv6 socket", _device);
        try
        {
            if (source != Ipv6Address.Any) socket.Bind(new IPEndPoint(source.ToIPAddress(), 0));
            // The kernel would invent a flow label (auto_flowlabels); the caller's header says 0.
            socket.SetInt32(RawSocketInterop.SolIpv6, Ipv6AutoFlowLabel, 0);
            if (ext.HopByHopLength > 0) socket.SetRawSocketOption(RawSocketInterop.SolIpv6, Ipv6HopOptions, packet.Slice(ext.HopByHopAt, ext.HopByHopLength));
            if (ext.RoutingDestinationLength > 0) socket.SetRawSocketOption(RawSocketInterop.SolIpv6, Ipv6RoutingDestinationOptions, packet.Slice(ext.RoutingDestinationAt, ext.RoutingDestinationLength));
            if (ext.RoutingLength > 0) socket.SetRawSocketOption(RawSocketInterop.SolIpv6, Ipv6RoutingHeader, packet.Slice(ext.RoutingAt, ext.RoutingLength));
            if (ext.DestinationLength > 0) socket.SetRawSocketOption(RawSocketInterop.SolIpv6, Ipv6DestinationOptions, packet.Slice(ext.DestinationAt, ext.DestinationLength));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.InvalidArgument)
        {
            socket.Dispose();
            return null;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new NetOperationException("bind", Errno.EADDRNOTAVAIL, $"cannot send from {source}: {e.Message}");
        }
        _sockets[(protocol, source)] = (socket, signature);
        return socket;
    }

    private int SendIncluded(ReadOnlySpan<byte> packet, SocketAddress destination)
    {
        // IPPROTO_RAW on AF_INET6 implies IPV6_HDRINCL: the header goes out as built.
        _headerIncluded ??= SenderSockets.OpenRaw(AddressFamily.InterNetworkV6, ProtocolType.Raw, "raw IPv6 socket", _device);
        return SenderSockets.SendTo(_headerIncluded, packet, destination);
    }

    /// <summary>Closes every socket the sender opened.</summary>
    public void Dispose()
    {
        foreach ((Socket s, _) in _sockets.Values) s.Dispose();
        _headerIncluded?.Dispose();
    }
}
