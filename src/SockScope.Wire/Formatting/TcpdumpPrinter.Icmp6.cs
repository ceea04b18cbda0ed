namespace SockScope.Wire.Formatting;

public sealed partial class TcpdumpPrinter
{
    internal void PrintIcmp6(ReadOnlySpan<byte> icmp6, in IpInfo ip) => _out.Append("ICMP6, length "u8).Append(icmp6.Length);
}
