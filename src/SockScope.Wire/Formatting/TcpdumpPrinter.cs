using SockScope.Wire;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints packets as tcpdump 4.99 does, one protocol per partial file
/// (TcpdumpPrinter.Link.cs, .Ip.cs, .Tcp.cs, ...), with the protocols that can be printed on their
/// own in static printers it calls (DnsPrinter, IcmpPrinter, ...). Appends to a reusable UTF-8 buffer;
/// allocates nothing per packet.
/// </summary>
public sealed partial class TcpdumpPrinter
{
    private readonly Utf8Builder _out;
    private readonly FormatOptions _options;
    /// <summary>Hands IcmpPrinter this printer's IP printer for an error's quoted datagram; made once, so that printing one allocates nothing.</summary>
    private readonly QuotedDatagramPrinter _printQuotedDatagram;

    /// <summary>A printer that appends to <paramref name="output"/>.</summary>
    /// <param name="output">Where each packet's line goes, as UTF-8; the caller writes it out and clears it.</param>
    /// <param name="options">The tcpdump display flags (-v, -e, -q, -S ...) that shape the lines.</param>
    public TcpdumpPrinter(Utf8Builder output, FormatOptions options)
    {
        _out = output;
        _options = options;
        _printQuotedDatagram = PrintQuotedDatagram;
    }

    /// <summary>The buffer the lines are appended to.</summary>
    public Utf8Builder Output => _out;
    /// <summary>The options the lines follow.</summary>
    public FormatOptions Options => _options;

    /// <summary>
    /// Prints one packet's protocol text (what follows the timestamp), without the final newline.
    /// Returns the offset where the link-layer header ends, which is where <c>-x</c> dumps start.
    /// </summary>
    public int PrintPacket(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        _linkHeaderLengthLost = false;
        int linkHeaderLength = PrintLink(linkType, data, originalLength);
        return _linkHeaderLengthLost ? 0 : linkHeaderLength;
    }

    /// <summary>
    /// Set by the printers that stop where tcpdump gives up on the whole packet (its truncation
    /// jump out of every printer): tcpdump then never learns the link header's length and dumps
    /// from the first byte.
    /// </summary>
    private bool _linkHeaderLengthLost;
}
