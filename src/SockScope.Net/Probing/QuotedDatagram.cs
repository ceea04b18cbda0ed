namespace SockScope.Net.Probing;

/// <summary>
/// The start of the datagram an ICMP error quotes (RFC 792: its IP header and the 8 bytes after it;
/// RFC 4443: as much as fits). Ping and traceroute find their own probe in it by its protocol, its
/// destination and the first 8 bytes of its transport header, which both read here.
/// </summary>
internal readonly ref struct QuotedDatagram
{
    private QuotedDatagram(byte protocol, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> transport)
    {
        Protocol = protocol;
        Destination = destination;
        Transport = transport;
    }

    /// <summary>The quoted header's protocol; for IPv6 its next header (extension headers are not followed: the probes carry none).</summary>
    public byte Protocol { get; }
    /// <summary>The quoted destination address: 4 or 16 bytes.</summary>
    public ReadOnlySpan<byte> Destination { get; }
    /// <summary>What follows the quoted IP header: at least 8 bytes.</summary>
    public ReadOnlySpan<byte> Transport { get; }

    /// <summary>Reads the quoted IPv4 or IPv6 header; false when less than it and 8 more bytes are quoted.</summary>
    public static bool TryRead(ReadOnlySpan<byte> quoted, bool ipv6, out QuotedDatagram datagram)
    {
        datagram = default;
        if (ipv6)
        {
            if (quoted.Length < 48) return false;
            datagram = new QuotedDatagram(quoted[6], quoted.Slice(24, 16), quoted[40..]);
            return true;
        }
        if (quoted.Length < 28) return false;
        int ihl = (quoted[0] & 0x0F) << 2;
        if (ihl < 20 || quoted.Length < ihl + 8) return false;
        datagram = new QuotedDatagram(quoted[9], quoted.Slice(16, 4), quoted[ihl..]);
        return true;
    }
}
