using System.Buffers.Binary;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints a DNS message as tcpdump 4.99 does: the text that follows "a.port &gt; b.port: " on a
/// UDP line (or the TCP flags on a TCP line), for example <c>40930+ A? example.com. (29)</c>.
/// Usable on its own, on a datagram received from a socket; <see cref="TcpdumpPrinter"/> calls it
/// for ports 53 and 5353.
/// </summary>
/// <example>
/// <code>
/// using var text = new Utf8Builder();
/// DnsPrinter.Print(datagram, text, new DnsPrintContext { Verbosity = 1 });
/// Console.WriteLine(text.ToString());
/// </code>
/// </example>
public static class DnsPrinter
{
    /// <summary>Appends the text for a whole DNS message (its length is the span's length).</summary>
    /// <param name="message">The message: a UDP payload, or with <see cref="DnsPrintContext.OverTcp"/> a TCP payload starting with the length prefix.</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity and how the message was carried.</param>
    public static void Print(ReadOnlySpan<byte> message, Utf8Builder output, DnsPrintContext context)
        => Print(message, message.Length, output, context);

    /// <summary>
    /// Appends the text for a DNS message of which only the first bytes may have been captured.
    /// Where the bytes end before the message does, tcpdump's " [|domain]" marks the cut.
    /// </summary>
    /// <param name="message">The captured bytes of the message (see <see cref="Print(ReadOnlySpan{byte}, Utf8Builder, DnsPrintContext)"/>).</param>
    /// <param name="length">The length the transport claims: the UDP payload length, or the TCP payload length including the prefix. tcpdump prints it at the end.</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity and how the message was carried.</param>
    public static void Print(ReadOnlySpan<byte> message, long length, Utf8Builder output, DnsPrintContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new DnsMessageWriter(output, context.Verbosity, context.Multicast);
        if (!context.OverTcp)
        {
            writer.PrintMessage(message, (int)Math.Min(length, int.MaxValue));
            return;
        }
        if (length < 2)
        {
            output.Append(" [DNS over TCP: length "u8).Append(length).Append(" < 2] (invalid)"u8);
            return;
        }
        length -= 2;
        if (message.Length < 2)
        {
            output.Append(" [|domain]"u8);
            return;
        }
        int prefix = BinaryPrimitives.ReadUInt16BigEndian(message);
        if (prefix != length)
        {
            output.Append(" [prefix length("u8).Append(prefix).Append(") != length("u8).Append(length).Append(")] (invalid)"u8);
            return;
        }
        // Equal to the two-byte prefix here, so it fits an int.
        output.Append((byte)' ');
        writer.PrintMessage(message[2..], (int)length);
    }
}
