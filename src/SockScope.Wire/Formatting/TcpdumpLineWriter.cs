namespace SockScope.Wire.Formatting;

/// <summary>
/// Writes whole tcpdump lines, one packet at a time, into a reusable <see cref="Utf8Builder"/>: the
/// <c>-#</c> number, the timestamp, the decoded text (<see cref="TcpdumpPrinter"/>), the hex or
/// ASCII dump and the final newline, as <c>tcpdump -r</c> prints them. Keeps the state tcpdump keeps
/// across packets (the delta timestamps, relative TCP sequence numbers), so use one writer per
/// packet stream. Allocates nothing per packet.
/// </summary>
public sealed class TcpdumpLineWriter
{
    private readonly TcpdumpPrinter _text;
    private readonly TcpdumpTimestampWriter _timestamps;

    /// <summary>A writer that appends to <paramref name="output"/>.</summary>
    /// <param name="output">Where the lines go, as UTF-8; the caller writes it out and clears it.</param>
    /// <param name="options">The display flags the lines follow; null for plain tcpdump's.</param>
    public TcpdumpLineWriter(Utf8Builder output, TcpdumpLineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output;
        Options = options ?? TcpdumpLineOptions.Default;
        _text = new TcpdumpPrinter(output, Options.Format);
        _timestamps = new TcpdumpTimestampWriter(Options.Timestamps, Options.Precision, Options.TimeZone);
    }

    /// <summary>The buffer the lines are appended to.</summary>
    public Utf8Builder Output { get; }

    /// <summary>The display flags the lines follow.</summary>
    public TcpdumpLineOptions Options { get; }

    /// <summary>
    /// When set, an exception thrown while decoding one packet ends its text with
    /// <c>[|decoder fault: TYPE]</c> instead of propagating, so that one bad packet does not end
    /// the printing of a large file.
    /// </summary>
    public bool ContainDecoderFaults { get; init; }

    /// <summary>Appends one packet's line (or lines, with <c>-v</c> or a dump), final newline included.</summary>
    /// <param name="linkType">The link type of <paramref name="data"/>.</param>
    /// <param name="data">The captured bytes (at most the snapshot length the capture kept).</param>
    /// <param name="originalLength">The packet's length on the wire.</param>
    /// <param name="timestampNanoseconds">The packet's time, nanoseconds since the Unix epoch (UTC).</param>
    /// <param name="frameNumber">The packet's number, counting from 1, printed with <see cref="TcpdumpLineOptions.PacketNumbers"/>.</param>
    public void Write(LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, long frameNumber) =>
        Write(linkType, data, originalLength, timestampNanoseconds, frameNumber, default);

    /// <summary>
    /// Appends one packet's line, with <paramref name="annotation"/> between the decoded text and
    /// the dump, and a timestamp whose fraction may be out of range in the file.
    /// </summary>
    /// <param name="linkType">The link type of <paramref name="data"/>.</param>
    /// <param name="data">The captured bytes (at most the snapshot length the capture kept).</param>
    /// <param name="originalLength">The packet's length on the wire.</param>
    /// <param name="timestampNanoseconds">The packet's time, nanoseconds since the Unix epoch (UTC).</param>
    /// <param name="frameNumber">The packet's number, counting from 1, printed with <see cref="TcpdumpLineOptions.PacketNumbers"/>.</param>
    /// <param name="annotation">
    /// UTF-8 text appended as it is right after the decoded text (before the dump), for what the
    /// caller knows beyond the bytes, such as the process that sent the packet; empty for none.
    /// Not written for a record whose lengths are invalid.
    /// </param>
    /// <param name="invalidFraction">The file's out-of-range sub-second field, or -1 (see <see cref="TcpdumpTimestampWriter.Write"/>).</param>
    /// <param name="invalidFractionInNanoseconds">True when <paramref name="invalidFraction"/> counts nanoseconds.</param>
    public void Write(LinkType linkType, ReadOnlySpan<byte> data, int originalLength, long timestampNanoseconds, long frameNumber,
        ReadOnlySpan<byte> annotation, long invalidFraction = -1, bool invalidFractionInNanoseconds = false)
    {
        Utf8Builder output = Output;
        if (Options.PacketNumbers) WriteFrameNumber(output, frameNumber);
        if (data.Length == 0 || originalLength == 0 || originalLength < data.Length)
        {
            WriteInvalidHeader(output, data.Length, originalLength);
            output.Append((byte)'\n');
            return;
        }
        _timestamps.Write(output, timestampNanoseconds, invalidFraction, invalidFractionInNanoseconds);
        int linkHeaderLength = WriteDecoded(linkType, data, originalLength);
        output.Append(annotation);
        if (Options.Dump != DumpStyle.None)
        {
            int from = Options.DumpLinkHeader ? 0 : Math.Clamp(linkHeaderLength, 0, data.Length);
            ReadOnlySpan<byte> dumped = data[from..];
            switch (Options.Dump)
            {
                case DumpStyle.Hex: HexDump.WriteHex(output, dumped); break;
                case DumpStyle.HexAndAscii: HexDump.WriteHexAndAscii(output, dumped); break;
                case DumpStyle.Ascii: HexDump.WriteAscii(output, dumped); break;
            }
        }
        output.Append((byte)'\n');
    }

    /// <summary>tcpdump's <c>-#</c>: right-aligned in five columns (wider numbers as they are), then two spaces.</summary>
    private static void WriteFrameNumber(Utf8Builder output, long frameNumber)
    {
        int width = frameNumber < 0 ? 2 : 1;
        for (long rest = Math.Abs(frameNumber / 10); rest > 0; rest /= 10) width++;
        if (width < 5) output.AppendSpaces(5 - width);
        output.Append(frameNumber).Append("  "u8);
    }

    /// <summary>
    /// A record whose lengths cannot describe a packet (nothing captured, nothing on the wire, or
    /// more captured than was sent) is not decoded: tcpdump prints this marker alone, without the
    /// timestamp or a dump, and so do we.
    /// </summary>
    private static void WriteInvalidHeader(Utf8Builder output, int capturedLength, int originalLength)
    {
        output.Append("[Invalid header: "u8);
        if (capturedLength == 0 || originalLength == 0)
        {
            if (capturedLength == 0) output.Append("caplen==0"u8);
            if (capturedLength == 0 && originalLength == 0) output.Append(", "u8);
            if (originalLength == 0) output.Append("len==0"u8);
        }
        else
        {
            output.Append("len("u8).Append(originalLength).Append(") < caplen("u8).Append(capturedLength).Append((byte)')');
        }
        output.Append((byte)']');
    }

    /// <summary>The decoded text; returns where the link-layer header ends (where <c>-x</c> starts).</summary>
    private int WriteDecoded(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        if (!ContainDecoderFaults) return _text.PrintPacket(linkType, data, originalLength);
        try
        {
            return _text.PrintPacket(linkType, data, originalLength);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A decoder bug must not end a read of a large file: mark the packet and go on.
            Output.Append(" [|decoder fault: "u8).Append(e.GetType().Name).Append((byte)']');
            return 0;
        }
    }
}
