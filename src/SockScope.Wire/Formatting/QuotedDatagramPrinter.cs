namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints the IP datagram an ICMP error quotes, as tcpdump prints it on the error's second line on
/// <c>-v</c> (for example <c>IP (tos 0x0, ttl 1, ...) 10.0.0.2.40000 &gt; 10.0.0.9.33434: UDP, length 4</c>).
/// </summary>
/// <param name="datagram">The quoted bytes, from the IP header on, cut to the length the quoted header claims.</param>
/// <param name="output">Where the text is appended (the buffer the ICMP message is printed to).</param>
public delegate void QuotedDatagramPrinter(ReadOnlySpan<byte> datagram, Utf8Builder output);
