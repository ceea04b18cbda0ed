using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;

namespace SockScope.Wire.Formatting;

/// <summary>
/// Prints an ARP or RARP message as tcpdump 4.99 does: the text that follows the timestamp (or the
/// <c>-e</c> link header), for example <c>ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28</c>.
/// Usable on its own, on a message read from a packet socket; <see cref="TcpdumpPrinter"/> calls it
/// for EtherTypes 0x0806 and 0x8035.
/// </summary>
/// <example>
/// <code>
/// using var text = new Utf8Builder();
/// ArpPrinter.Print(message, text, new ArpPrintContext { Verbosity = 1 });
/// Console.WriteLine(text.ToString());
/// </code>
/// </example>
public static class ArpPrinter
{
    /// <summary>Appends the text for a whole ARP message (tcpdump's length is the span's length).</summary>
    /// <param name="message">The message, from the ARP header on (what follows the link header).</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity, and whether the line starts with the link header.</param>
    public static void Print(ReadOnlySpan<byte> message, Utf8Builder output, ArpPrintContext context)
        => Print(message, message.Length, output, context);

    /// <summary>
    /// Appends the text for an ARP message of which only the first bytes may have been captured.
    /// Where the bytes end inside the header or the addresses, " [|arp]" marks the cut.
    /// </summary>
    /// <param name="message">The captured bytes, from the ARP header on; an unknown operation prints all of them in hex.</param>
    /// <param name="length">The length of what followed the link header on the wire (Ethernet padding included): tcpdump prints it.</param>
    /// <param name="output">Where the text is appended; nothing else is written (no newline).</param>
    /// <param name="context">Verbosity, and whether the line starts with the link header.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static void Print(ReadOnlySpan<byte> message, int length, Utf8Builder output, ArpPrintContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        PrintMessage(message, length, output, context);
    }

    /// <summary>
    /// Prints the message; false where the bytes end inside the fixed header or the addresses, where
    /// tcpdump gives up on the whole packet (its -x dump then starts at the first byte, see
    /// <see cref="TcpdumpPrinter.PrintPacket"/>).
    /// </summary>
    internal static bool PrintMessage(ReadOnlySpan<byte> b, int length, Utf8Builder output, in ArpPrintContext context)
    {
        if (!ArpPacket.TryCreate(b, out ArpPacket arp, out _))
        {
            output.Append(" [|arp]"u8);
            return false;
        }
        if (!context.LinkHeader) output.Append("ARP, "u8);
        int protocol = (ushort)arp.ProtocolType;
        bool ipv4 = protocol is 0x0800 or 0x1000;
        if (!ipv4 || arp.ProtocolAddressLength != 4 || arp.HardwareAddressLength == 0 || context.Verbosity > 0)
        {
            ReadOnlySpan<byte> hardware = arp.HardwareType switch
            {
                1 => "Ethernet"u8,
                6 => "TokenRing"u8,
                7 => "ArcNet"u8,
                15 => "FrameRelay"u8,
                19 => "ATM"u8,
                24 => "IEEE1394"u8,
                32 => "InfiniBand"u8,
                _ => default,
            };
            if (hardware.IsEmpty) output.Append("Unknown Hardware ("u8).Append(arp.HardwareType).Append(')');
            else output.Append(hardware);
            output.Append(" (len "u8).Append(arp.HardwareAddressLength).Append("), "u8);
            ReadOnlySpan<byte> name = TcpdumpNames.EtherType(protocol);
            if (name.IsEmpty) output.Append("Unknown Protocol (0x"u8).AppendHex((uint)protocol, 4).Append(')');
            else output.Append(name);
            output.Append(" (len "u8).Append(arp.ProtocolAddressLength).Append(')');
            if (context.Verbosity == 0)
            {
                output.Append(", length "u8).Append(length);
                return true;
            }
        }
        if (context.Verbosity > 0) output.Append(", "u8);
        int operation = (int)arp.Operation;
        ReadOnlySpan<byte> op = operation switch
        {
            1 => "Request"u8,
            2 => "Reply"u8,
            3 => "Reverse Request"u8,
            4 => "Reverse Reply"u8,
            8 => "Inverse Request"u8,
            9 => "Inverse Reply"u8,
            10 => "NACK Reply"u8,
            _ => default,
        };
        if (op.IsEmpty) output.Append("Unknown ("u8).Append(operation).Append(')');
        else output.Append(op);
        output.Append(' ');
        switch (operation)
        {
            case 1:
                output.Append("who-has "u8);
                AppendProtocolAddress(output, arp.TargetProtocolAddress, ipv4);
                if (arp.TargetHardwareAddress.IndexOfAnyExcept((byte)0) >= 0)
                {
                    output.Append(" ("u8);
                    TcpdumpText.AppendLinkAddress(output, arp.TargetHardwareAddress);
                    output.Append(')');
                }
                output.Append(" tell "u8);
                AppendProtocolAddress(output, arp.SenderProtocolAddress, ipv4);
                break;
            case 2:
                AppendProtocolAddress(output, arp.SenderProtocolAddress, ipv4);
                output.Append(" is-at "u8);
                TcpdumpText.AppendLinkAddress(output, arp.SenderHardwareAddress);
                break;
            case 3:
            case 8:
                output.Append("who-is "u8);
                TcpdumpText.AppendLinkAddress(output, arp.TargetHardwareAddress);
                output.Append(" tell "u8);
                TcpdumpText.AppendLinkAddress(output, arp.SenderHardwareAddress);
                break;
            case 4:
                TcpdumpText.AppendLinkAddress(output, arp.TargetHardwareAddress);
                output.Append(" at "u8);
                AppendProtocolAddress(output, arp.TargetProtocolAddress, ipv4);
                break;
            case 9:
                TcpdumpText.AppendLinkAddress(output, arp.SenderHardwareAddress);
                output.Append(" at "u8);
                AppendProtocolAddress(output, arp.SenderProtocolAddress, ipv4);
                break;
            default:
                HexDump.WriteHexAndAscii(output, b);
                return true;
        }
        output.Append(", length "u8).Append(length);
        return true;
    }

    private static void AppendProtocolAddress(Utf8Builder output, ReadOnlySpan<byte> address, bool ipv4)
    {
        if (!ipv4) output.Append("<wrong proto type>"u8);
        else if (address.Length != 4) output.Append("<wrong len>"u8);
        else output.Append(Ipv4Address.Read(address));
    }
}
