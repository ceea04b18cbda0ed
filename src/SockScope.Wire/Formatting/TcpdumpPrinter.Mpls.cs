using SockScope.Wire.Decoding;

namespace SockScope.Wire.Formatting;

// MPLS (RFC 3032) as tcpdump 4.99 prints it: "MPLS (label 16006, tc 0, [S], ttl 255)" per label stack
// entry, space-separated (-v: one entry a line, reserved labels named), then the packet below through
// the IP printers, or a hex dump when it is not IP. An entry cut short on the wire is "(invalid)",
// one cut short by the snapshot length (or a bottom entry with nothing captured below it) "[|mpls]".
public sealed partial class TcpdumpPrinter
{
    private void PrintMpls(ReadOnlySpan<byte> b, long length)
    {
        _out.Append("MPLS"u8);
        int at = 0;
        MplsLabelEntry entry;
        do
        {
            if (length - at < MplsLabelEntry.Length)
            {
                _out.Append(" (invalid)"u8);
                return;
            }
            if (!MplsLabelEntry.TryRead(b[at..], out entry))
            {
                _out.Append(" [|mpls]"u8);
                return;
            }
            _out.Append(at > 0 && _options.Verbosity > 0 ? "\n\t"u8 : " "u8);
            AppendMplsEntry(entry);
            at += MplsLabelEntry.Length;
        }
        while (!entry.BottomOfStack);

        ReadOnlySpan<byte> below = b[at..];
        long belowLength = length - at;
        ReadOnlySpan<byte> separator = _options.Verbosity > 0 ? "\n\t"u8 : " "u8;
        switch (entry.IpVersionBelow(below))
        {
            case 4:
                _out.Append(separator);
                PrintIpv4(below, belowLength);
                break;
            case 6:
                _out.Append(separator);
                PrintIpv6(below, belowLength);
                break;
            case -1:
                _out.Append(" [|mpls]"u8);
                break;
            default:
                HexDump.WriteHexAndAscii(_out, below);
                break;
        }
    }

    /// <summary>"(label 16006, tc 0, [S], ttl 255)"; -v names the reserved labels: "(label 0 (IPv4 explicit NULL), ...".</summary>
    private void AppendMplsEntry(MplsLabelEntry entry)
    {
        _out.Append("(label "u8).Append(entry.Label);
        if (_options.Verbosity > 0 && entry.Label < MplsLabelEntry.FirstUnreserved)
        {
            ReadOnlySpan<byte> name = entry.Label switch
            {
                MplsLabelEntry.Ipv4ExplicitNull => "IPv4 explicit NULL"u8,
                MplsLabelEntry.RouterAlert => "router alert"u8,
                MplsLabelEntry.Ipv6ExplicitNull => "IPv6 explicit NULL"u8,
                MplsLabelEntry.ImplicitNull => "implicit NULL"u8,
                _ => "rsvd"u8,
            };
            _out.Append(" ("u8).Append(name).Append(')');
        }
        _out.Append(", tc "u8).Append((int)entry.TrafficClass);
        if (entry.BottomOfStack) _out.Append(", [S]"u8);
        _out.Append(", ttl "u8).Append((int)entry.Ttl).Append(')');
    }
}
