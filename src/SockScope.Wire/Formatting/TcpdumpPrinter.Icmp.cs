namespace SockScope.Wire.Formatting;

// Owner: the ICMP/ICMPv6/IGMP/DNS printers. Placeholder until they land.
public sealed partial class TcpdumpPrinter
{
    /// <summary>Prints an ICMPv4 message; the "IP a > b: " prefix is already written.</summary>
    internal void PrintIcmp(ReadOnlySpan<byte> icmp, in IpInfo ip) => _out.Append("ICMP, length "u8).Append(icmp.Length);

    /// <summary>Prints an ICMPv6 message; the "IP6 a > b: " prefix is already written.</summary>
    internal void PrintIcmp6(ReadOnlySpan<byte> icmp6, in IpInfo ip) => _out.Append("ICMP6, length "u8).Append(icmp6.Length);

    /// <summary>Prints an IGMP message; the "IP a > b: " prefix is already written.</summary>
    internal void PrintIgmp(ReadOnlySpan<byte> igmp, in IpInfo ip) => _out.Append("igmp"u8);

}
