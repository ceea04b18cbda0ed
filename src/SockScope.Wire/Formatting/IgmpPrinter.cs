using System.Buffers.Binary;
using SockScope.Wire.Checksums;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints an IGMP message as tcpdump 4.99 does: the text that follows "IP a &gt; b: ", for example
/// <c>igmp v2 report 239.1.2.3</c> or <c>igmp query v3 [max resp time 10.0s]</c>; IGMP v1 to v3,
/// multicast traceroute, DVMRP and PIMv1. Usable on its own, on a message received from a raw IGMP
/// socket; <see cref="TcpdumpPrinter"/> calls it for IP protocol 2.
/// </summary>
/// <example>
/// <code>
/// using var text = new Utf8Builder();
/// IgmpPrinter.Print(message, text, new IgmpPrintContext { Verbosity = 1 });
/// Console.WriteLine(text.ToString());
/// </code>
/// </example>
public static class IgmpPrinter
{
    /// <summary>Appends the text for a whole IGMP message (its length is the span's length).</summary>
    /// <param name="message">The message, from the IGMP header on (the payload of the IP datagram).</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity and <c>-q</c>.</param>
    public static void Print(ReadOnlySpan<byte> message, Utf8Builder output, IgmpPrintContext context)
        => Print(message, message.Length, output, context);

    /// <summary>
    /// Appends the text for an IGMP message of which only the first bytes may have been captured.
    /// Where the bytes end before tcpdump could print the message, " [|igmp]" marks the cut.
    /// </summary>
    /// <param name="message">The captured bytes of the message, from the IGMP header on; bytes past <paramref name="length"/> are ignored.</param>
    /// <param name="length">The length the IP header claims for its payload: it tells IGMPv3 queries from older ones, and the checksum is checked only when all of it is captured.</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity and <c>-q</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static void Print(ReadOnlySpan<byte> message, int length, Utf8Builder output, IgmpPrintContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (message.Length > length) message = message[..length];
        PrintMessage(message, length, output, context);
    }

    /// <summary>Prints the message; the bytes are already cut to <paramref name="length"/>.</summary>
    internal static void PrintMessage(ReadOnlySpan<byte> igmp, int length, Utf8Builder output, in IgmpPrintContext context)
    {
        if (context.Quiet)
        {
            output.Append("igmp"u8);
            return;
        }
        if (!new IgmpMessageWriter(output, context.Verbosity).PrintMessage(igmp, length))
        {
            output.Append(" [|igmp]"u8);
            return;
        }
        if (context.Verbosity > 0 && length >= 4 && igmp.Length >= length
            && InternetChecksum.Compute(igmp[..length]) != 0)
        {
            output.Append(" bad igmp cksum "u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(igmp[2..])).Append((byte)'!');
        }
    }
}
