using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;
using SockScope.Wire.Checksums;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Wire.Building;

/// <summary>
/// Builds a packet inside out into caller memory: the payload goes at the end of the buffer and
/// each header is prepended before what is already there, so no byte is moved twice. Lengths,
/// next-protocol fields and checksums the caller leaves null are filled from what is inside;
/// values the caller sets are written as given, also when wrong.
/// A TCP, UDP or ICMPv6 checksum needs the IP pseudo-header, so it stays pending until the IPv4
/// or IPv6 header is prepended (extension headers in between are skipped over, as RFC 8200 asks).
/// </summary>
public ref struct PacketBuilder
{
    private readonly Span<byte> _buffer;
    private int _start;
    private IpProtocol? _innerProtocol;
    private EtherType? _innerEtherType;
    private int _pendingChecksumAt;       // absolute index of a checksum awaiting the pseudo-header, or -1
    private int _pendingSegmentAt;
    private IpProtocol _pendingProtocol;
    private bool _pendingZeroMeansNone;   // UDP over IPv4: a computed 0 is sent as 0xFFFF

    /// <summary>An empty builder: the packet will end at the end of <paramref name="buffer"/>.</summary>
    public PacketBuilder(Span<byte> buffer)
    {
        _buffer = buffer;
        _start = buffer.Length;
        _pendingChecksumAt = -1;
    }

    /// <summary>A builder whose packet starts as <paramref name="payload"/>, at the end of <paramref name="buffer"/>.</summary>
    public PacketBuilder(Span<byte> buffer, ReadOnlySpan<byte> payload) : this(buffer) => PrependPayload(payload);

    /// <summary>The packet built so far.</summary>
    public readonly Span<byte> Written => _buffer[_start..];

    /// <summary>The packet's length in bytes so far.</summary>
    public readonly int Length => _buffer.Length - _start;

    /// <summary>Free bytes left in front of the packet.</summary>
    public readonly int Headroom => _start;

    /// <summary>The IP protocol of the outermost layer so far (null for a plain payload).</summary>
    public readonly IpProtocol? InnerProtocol => _innerProtocol;

    /// <summary>Prepends raw bytes (the innermost payload, or a header the builder has no method for); throws <see cref="InvalidOperationException"/> when the headroom is too small, as every Prepend method does.</summary>
    public void PrependPayload(ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(Reserve(payload.Length));
        _innerProtocol = null;
        _innerEtherType = null;
    }

    /// <summary>Prepends a UDP header whose length covers everything inside; a null checksum is computed when the IPv4 or IPv6 header is prepended (a computed 0 is sent as 0xFFFF, RFC 768).</summary>
    public void PrependUdp(UdpHeader header)
    {
        int payloadLength = Length;
        header.TryWrite(Reserve(UdpHeader.Size), payloadLength, out _);
        SetPending(_start + UdpOffsets.Checksum, IpProtocol.Udp, header.Checksum is null, zeroMeansNone: true);
        _innerProtocol = IpProtocol.Udp;
    }

    /// <summary>UDP with the checksum computed at once from the given addresses.</summary>
    public void PrependUdp(UdpHeader header, Ipv4Address source, Ipv4Address destination)
    {
        PrependUdp(header);
        CompletePending(source, destination);
    }

    /// <summary>UDP with the checksum computed at once over the IPv6 pseudo-header of <paramref name="source"/> and <paramref name="destination"/>.</summary>
    public void PrependUdp(UdpHeader header, Ipv6Address source, Ipv6Address destination)
    {
        PrependUdp(header);
        CompletePending(source, destination);
    }

    /// <summary>Prepends a TCP header, options padded to a multiple of four; a null checksum is computed when the IPv4 or IPv6 header is prepended. Throws <see cref="ArgumentException"/> when the options exceed 40 bytes.</summary>
    public void PrependTcp(TcpHeader header)
    {
        int length = header.Length;
        if (!header.TryWrite(Reserve(length), out _))
            throw new ArgumentException("TCP options do not fit in 40 bytes", nameof(header));
        SetPending(_start + TcpOffsets.Checksum, IpProtocol.Tcp, header.Checksum is null, zeroMeansNone: false);
        _innerProtocol = IpProtocol.Tcp;
    }

    /// <summary>TCP with the checksum computed at once from the given addresses.</summary>
    public void PrependTcp(TcpHeader header, Ipv4Address source, Ipv4Address destination)
    {
        PrependTcp(header);
        CompletePending(source, destination);
    }

    /// <summary>TCP with the checksum computed at once over the IPv6 pseudo-header of <paramref name="source"/> and <paramref name="destination"/>.</summary>
    public void PrependTcp(TcpHeader header, Ipv6Address source, Ipv6Address destination)
    {
        PrependTcp(header);
        CompletePending(source, destination);
    }

    /// <summary>ICMPv4: the checksum covers only the message, so it is computed at once.</summary>
    public void PrependIcmp(IcmpHeader header)
    {
        header.TryWrite(Reserve(IcmpHeader.Size), out _);
        if (header.Checksum is null)
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_start + IcmpOffsets.Checksum)..], InternetChecksum.Compute(Written));
        _pendingChecksumAt = -1;
        _innerProtocol = IpProtocol.Icmp;
    }

    /// <summary>Prepends an ICMPv6 header; a null checksum is computed over the IPv6 pseudo-header when the IPv6 header is prepended.</summary>
    public void PrependIcmpv6(Icmpv6Header header)
    {
        header.TryWrite(Reserve(Icmpv6Header.Size), out _);
        SetPending(_start + Icmpv6Offsets.Checksum, IpProtocol.Icmpv6, header.Checksum is null, zeroMeansNone: false);
        _innerProtocol = IpProtocol.Icmpv6;
    }

    /// <summary>Prepends an IPv6 extension header; a null next header becomes the protocol inside (59, No Next Header, over a bare payload). A pending checksum passes through to the IPv6 header.</summary>
    public void PrependIpv6Extension(Ipv6ExtensionHeader header)
    {
        int length = header.Length;
        var filled = header.NextHeader is null ? header with { NextHeader = _innerProtocol ?? IpProtocol.NoNextHeader } : header;
        if (!filled.TryWrite(Reserve(length), out _))
            throw new ArgumentException("an extension header body must make the header a multiple of 8 bytes", nameof(header));
        _innerProtocol = header.Type;
    }

    /// <summary>Prepends an IPv4 header: null protocol, total length, header length and checksum are filled from what is inside, and a pending TCP/UDP checksum is completed with its addresses.</summary>
    public void PrependIpv4(Ipv4Header header)
    {
        int payloadLength = Length;
        CompletePending(header.Source, header.Destination);
        var filled = header.Protocol is null ? header with { Protocol = _innerProtocol ?? IpProtocol.Raw } : header;
        if (!filled.TryWrite(Reserve(header.Length), payloadLength, out _))
            throw new ArgumentException("IPv4 options longer than 40 bytes", nameof(header));
        _innerProtocol = IpProtocol.IpInIp;
        _innerEtherType = EtherType.Ipv4;
    }

    /// <summary>Prepends an IPv6 header: null next header and payload length are filled from what is inside (the length clamped to 65535), and a pending TCP/UDP/ICMPv6 checksum is completed.</summary>
    public void PrependIpv6(Ipv6Header header)
    {
        int payloadLength = Length;
        // Over IPv6 a UDP checksum is mandatory, and a computed zero is sent as 0xFFFF as over IPv4.
        CompletePending(header.Source, header.Destination);
        var filled = header.NextHeader is null ? header with { NextHeader = _innerProtocol ?? IpProtocol.NoNextHeader } : header;
        filled.TryWrite(Reserve(Ipv6Header.Size), payloadLength, out _);
        _innerProtocol = IpProtocol.Ipv6;
        _innerEtherType = EtherType.Ipv6;
    }

    /// <summary>Prepends an ARP message (Ethernet/IPv4, 28 bytes); the inner EtherType becomes ARP (0x0806).</summary>
    public void PrependArp(ArpHeader header)
    {
        header.TryWrite(Reserve(ArpHeader.Size), out _);
        _innerProtocol = null;
        _innerEtherType = EtherType.Arp;
    }

    /// <summary>Prepends an Ethernet II header; a null EtherType is taken from the layer inside (IPv4, IPv6 or ARP), 0 over a bare payload.</summary>
    public void PrependEthernet(EthernetHeader header)
    {
        var filled = header.Type is null ? header with { Type = _innerEtherType ?? 0 } : header;
        filled.TryWrite(Reserve(EthernetHeader.Size), out _);
        _innerProtocol = null;
        _innerEtherType = null;
    }

    private Span<byte> Reserve(int length)
    {
        if (length > _start)
            throw new InvalidOperationException($"packet builder out of headroom: {length} bytes needed, {_start} left");
        _start -= length;
        return _buffer.Slice(_start, length);
    }

    private void SetPending(int checksumAt, IpProtocol protocol, bool compute, bool zeroMeansNone)
    {
        _pendingChecksumAt = compute ? checksumAt : -1;
        _pendingSegmentAt = _start;
        _pendingProtocol = protocol;
        _pendingZeroMeansNone = zeroMeansNone;
    }

    /// <summary>Fills a pending TCP, UDP or ICMPv6 checksum with the pseudo-header of these addresses.</summary>
    private void CompletePending(Ipv4Address source, Ipv4Address destination)
    {
        if (_pendingChecksumAt >= 0)
            CompletePending(InternetChecksum.PseudoHeaderSum(source, destination, _pendingProtocol, _buffer.Length - _pendingSegmentAt));
    }

    private void CompletePending(Ipv6Address source, Ipv6Address destination)
    {
        if (_pendingChecksumAt >= 0)
            CompletePending(InternetChecksum.PseudoHeaderSum(source, destination, _pendingProtocol, _buffer.Length - _pendingSegmentAt));
    }

    private void CompletePending(ulong pseudoHeaderSum)
    {
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Accumulate(pseudoHeaderSum, _buffer[_pendingSegmentAt..]));
        if (checksum == 0 && _pendingZeroMeansNone) checksum = 0xFFFF;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_pendingChecksumAt..], checksum);
        _pendingChecksumAt = -1;
    }
}
