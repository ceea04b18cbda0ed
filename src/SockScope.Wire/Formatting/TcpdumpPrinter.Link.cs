namespace SockScope.Wire.Formatting;

// Owner: the link-layer/IP/transport printers. Placeholder until they land.
public sealed partial class TcpdumpPrinter
{
    private int PrintLink(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        _out.Append("unsupported link-type, length "u8).Append(originalLength);
        return 0;
    }

    /// <summary>Prints an IPv4 or IPv6 datagram quoted inside an ICMP error (tcpdump's nested ip_print).</summary>
    internal void PrintIpDatagram(ReadOnlySpan<byte> datagram)
    {
        _out.Append("IP [|ip]"u8);
    }
}
