using System.Buffers.Binary;
using SockScope.Wire.Checksums;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints an ICMPv6 message as tcpdump 4.99 does: the text that follows "IP6 a &gt; b: ", for
/// example <c>ICMP6, echo request, id 7, seq 1, length 64</c>; neighbour discovery with its options
/// on <c>-v</c>, MLD, router renumbering, node information and RPL. Usable on its own, on a message
/// received from a raw ICMPv6 socket; <see cref="TcpdumpPrinter"/> calls it for next header 58.
/// </summary>
/// <example>
/// <code>
/// using var text = new Utf8Builder();
/// Icmpv6Printer.Print(message, text, new Icmpv6PrintContext { Verbosity = 1, Source = from, Destination = to });
/// Console.WriteLine(text.ToString());
/// </code>
/// </example>
public static class Icmpv6Printer
{
    /// <summary>Appends the text for a whole ICMPv6 message (its length is the span's length).</summary>
    /// <param name="message">The message, from the ICMPv6 header on (what follows the IPv6 header and its extensions).</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity, and the addresses the checksum covers.</param>
    public static void Print(ReadOnlySpan<byte> message, Utf8Builder output, Icmpv6PrintContext context)
        => Print(message, message.Length, output, context);

    /// <summary>
    /// Appends the text for an ICMPv6 message of which only the first bytes may have been captured.
    /// Where the bytes end before tcpdump could print the message, " [|icmp6]" marks the cut.
    /// </summary>
    /// <param name="message">The captured bytes of the message, from the ICMPv6 header on; bytes past <paramref name="length"/> are ignored.</param>
    /// <param name="length">The length the IPv6 header claims for the message (its payload length less the extension headers): tcpdump prints it, and checks the checksum only when all of it is captured.</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity, and the addresses the checksum covers.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static void Print(ReadOnlySpan<byte> message, int length, Utf8Builder output, Icmpv6PrintContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (message.Length > length) message = message[..length];
        PrintMessage(message, length, output, context);
    }

    /// <summary>Prints the message; the bytes are already cut to <paramref name="length"/>.</summary>
    internal static void PrintMessage(ReadOnlySpan<byte> icmp6, int length, Utf8Builder output, in Icmpv6PrintContext context)
    {
        if (length == 0)
        {
            output.Append("ICMP6, length 0 (invalid)"u8);
            return;
        }
        if (context.Verbosity > 0 && !context.Fragmented && length > 0 && icmp6.Length >= length
            && context.Source is { } source && context.Destination is { } destination)
        {
            ushort computed = InternetChecksum.Compute(source, destination, IpProtocol.Icmpv6, icmp6[..length]);
            if (computed != 0)
            {
                if (icmp6.Length < 4)
                {
                    output.Append(" [|icmp6]"u8);
                    return;
                }
                ushort field = BinaryPrimitives.ReadUInt16BigEndian(icmp6[Icmpv6Offsets.Checksum..]);
                output.Append("[bad icmp6 cksum 0x"u8).AppendHex(field, 4).Append(" -> 0x"u8)
                    .AppendHex(TcpdumpText.ChecksumShouldBe(field, computed), 4).Append("!] "u8);
            }
            else
            {
                output.Append("[icmp6 sum ok] "u8);
            }
        }
        switch (new Icmpv6MessageWriter(output, context.Verbosity, context.NumericPorts).PrintMessage(icmp6, length))
        {
            case Icmpv6MessageWriter.Icmp6Outcome.AppendLength:
                if (context.Verbosity == 0) output.Append(", length "u8).Append(length);
                break;
            case Icmpv6MessageWriter.Icmp6Outcome.Truncated:
                output.Append(" [|icmp6]"u8);
                break;
        }
    }
}
