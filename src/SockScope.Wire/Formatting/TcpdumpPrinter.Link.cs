using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Link;

namespace SockScope.Wire.Formatting;

// Link layers: dispatch on the capture's link type, print the -e header, walk VLAN tags and
// hand the payload to the EtherType's printer (or a hex dump when none is known).
public sealed partial class TcpdumpPrinter
{
    private const int MaxEthernetLengthField = 1500;

    private int PrintLink(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        _ipDepth = 0;
        switch (linkType)
        {
            case LinkType.Ethernet:
                return PrintEthernet(data, originalLength);
            case LinkType.LinuxSll:
                return PrintSll(data, originalLength);
            case LinkType.LinuxSll2:
                return PrintSll2(data, originalLength);
            case LinkType.Null:
            case LinkType.Loop:
                return PrintNullLoopback(data, originalLength, linkType == LinkType.Loop);
            case LinkType.Raw:
            case LinkType.Ipv4:
            case LinkType.Ipv6:
                if (_options.LinkHeader) _out.Append("ip: "u8);
                PrintIpAnyVersion(data, originalLength);
                return 0;
            default:
                _out.Append("unsupported link-type "u8).Append((int)linkType).Append(", length "u8).Append(originalLength);
                return 0;
        }
    }

    /// <summary>Prints an IPv4 or IPv6 datagram quoted inside an ICMP error (tcpdump's nested ip_print).</summary>
    internal void PrintIpDatagram(ReadOnlySpan<byte> datagram)
    {
        // ICMP errors can quote ICMP errors: bound the nesting so hostile input cannot recurse deeply.
        if (datagram.Length == 0 || _ipDepth >= MaxIpDepth)
        {
            _out.Append(" [|ip]"u8);
            return;
        }
        // The quoted datagram's on-wire length is what its own header claims.
        int length = datagram[0] >> 4 == 6 && datagram.Length >= 6
            ? 40 + BinaryPrimitives.ReadUInt16BigEndian(datagram[4..])
            : datagram.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) : datagram.Length;
        _ipDepth++;
        PrintIpAnyVersion(datagram, length);
        _ipDepth--;
    }

    /// <summary>tcpdump's ipN_print: the version nibble picks the printer.</summary>
    private void PrintIpAnyVersion(ReadOnlySpan<byte> data, long length)
    {
        if (data.Length == 0)
        {
            _out.Append(" [|ip]"u8);
            return;
        }
        switch (data[0] >> 4)
        {
            case 4: PrintIpv4(data, length); break;
            case 6: PrintIpv6(data, length); break;
            default: _out.Append("unknown ip "u8).Append(data[0] >> 4); break;
        }
    }

    private int PrintEthernet(ReadOnlySpan<byte> data, int originalLength)
    {
        if (!EthernetFrame.TryCreate(data, out EthernetFrame frame, out _))
        {
            _out.Append(" [|ether]"u8);
            return data.Length;
        }
        int type = (ushort)frame.EtherType;
        if (_options.LinkHeader) PrintEthernetHeader(frame.Source, frame.Destination, type, originalLength);
        int offset = EthernetOffsets.HeaderLength;
        int length = originalLength - offset;
        if (type <= MaxEthernetLengthField)
        {
            // IEEE 802.3 with LLC: not decoded; show the bytes as tcpdump does for what it cannot name.
            if (!_options.LinkHeader) PrintEthernetHeader(frame.Source, frame.Destination, type, originalLength);
            HexDump.WriteHexAndAscii(_out, data[offset..]);
            return offset;
        }
        if (!PrintVlanTags(data, ref offset, ref length, ref type, checkWireLength: true)) return data.Length;
        if (!PrintEtherTypePayload(type, data[offset..], length))
        {
            if (!_options.LinkHeader) PrintEthernetHeader(frame.Source, frame.Destination, type, originalLength);
            // tcpdump -q leaves out the dump of what it cannot decode.
            if (!_options.Quiet) HexDump.WriteHexAndAscii(_out, data[offset..]);
        }
        return offset;
    }

    /// <summary>
    /// Walks 802.1Q/802.1ad tags (and the 0x9100/0x9200 legacy QinQ types) from <paramref name="offset"/>,
    /// printing each with -e, and leaves <paramref name="type"/> at the EtherType they carry. False
    /// (after " [|vlan]") when a tag is cut off; Ethernet also checks the length on the wire.
    /// </summary>
    private bool PrintVlanTags(ReadOnlySpan<byte> data, ref int offset, ref int length, ref int type, bool checkWireLength)
    {
        while (VlanTag.IsTagType((EtherType)type))
        {
            if (data.Length - offset < VlanTagOffsets.Length || (checkWireLength && length < VlanTagOffsets.Length))
            {
                _out.Append(" [|vlan]"u8);
                return false;
            }
            VlanTag.TryCreate(data[offset..], out VlanTag tag, out _);
            if (_options.LinkHeader)
            {
                _out.Append("vlan "u8).Append(tag.VlanId).Append(", p "u8).Append(tag.Priority);
                if (tag.DropEligible) _out.Append(", DEI"u8);
                _out.Append(", "u8);
            }
            type = (ushort)tag.EtherType;
            if (_options.LinkHeader && type > MaxEthernetLengthField) PrintEtherTypeName(type).Append(", "u8);
            offset += VlanTagOffsets.Length;
            length -= VlanTagOffsets.Length;
        }
        return true;
    }

    private void PrintEthernetHeader(MacAddress source, MacAddress destination, int type, int length)
    {
        _out.Append(source).Append(" > "u8).Append(destination);
        if (type <= MaxEthernetLengthField) _out.Append(", 802.3"u8);
        else if (!_options.Quiet) PrintEtherTypeName(type, ", "u8);
        else
        {
            ReadOnlySpan<byte> name = TcpdumpNames.EtherType(type);
            if (name.IsEmpty) _out.Append(", Unknown Ethertype (0x"u8).AppendHex((uint)type, 4).Append(')');
            else _out.Append(", "u8).Append(name);
        }
        _out.Append(", length "u8).Append(length).Append(": "u8);
    }

    /// <summary>"ethertype IPv4 (0x0800)".</summary>
    private Utf8Builder PrintEtherTypeName(int type, ReadOnlySpan<byte> prefix = default)
    {
        ReadOnlySpan<byte> name = TcpdumpNames.EtherType(type);
        return _out.Append(prefix).Append("ethertype "u8).Append(name.IsEmpty ? "Unknown"u8 : name)
            .Append(" (0x"u8).AppendHex((uint)type, 4).Append(')');
    }

    /// <summary>Prints what an EtherType carries; false when the type is not decoded (the caller dumps it).</summary>
    private bool PrintEtherTypePayload(int type, ReadOnlySpan<byte> payload, int length)
    {
        switch (type)
        {
            case (int)EtherType.Ipv4:
                PrintIpv4(payload, length);
                return true;
            case (int)EtherType.Ipv6:
                PrintIpv6(payload, length);
                return true;
            case (int)EtherType.Arp:
            case (int)EtherType.Rarp:
                // tcpdump abandons the whole packet on a cut ARP header, so its -x dump starts at the link header.
                if (!ArpPrinter.PrintMessage(payload, length, _out, ArpPrintContext.From(_options))) _linkHeaderLengthLost = true;
                return true;
            case (int)EtherType.MplsUnicast:
            case (int)EtherType.MplsMulticast:
                PrintMpls(payload, length);
                return true;
            default:
                return false;
        }
    }

    private int PrintSll(ReadOnlySpan<byte> data, int originalLength)
    {
        if (!SllFrame.TryCreate(data, out SllFrame sll, out _))
        {
            _out.Append(" [|sll]"u8);
            return data.Length;
        }
        int type = (ushort)sll.Protocol;
        if (_options.LinkHeader) PrintSllHeader((int)sll.PacketType, sll.Address, type, originalLength);
        return PrintCookedPayload(data, SllOffsets.HeaderLength, originalLength, type,
            (int)sll.PacketType, sll.Address);
    }

    private int PrintSll2(ReadOnlySpan<byte> data, int originalLength)
    {
        if (!Sll2Frame.TryCreate(data, out Sll2Frame sll, out _))
        {
            _out.Append(" [|sll2]"u8);
            return data.Length;
        }
        // Every cooked-v2 line starts with the interface name and the direction, -e or not.
        int start = _out.Length;
        string? name = _options.InterfaceName?.Invoke(sll.InterfaceIndex);
        _out.Append(string.IsNullOrEmpty(name) ? "?" : name);
        _out.AppendSpaces(5 - (_out.Length - start)).Append(' ');
        ReadOnlySpan<byte> direction = (int)sll.PacketType switch
        {
            0 => "In "u8,
            1 => "B  "u8,
            2 => "M  "u8,
            3 => "P  "u8,
            4 => "Out"u8,
            _ => "?  "u8,
        };
        _out.Append(direction).Append(' ');
        int type = (ushort)sll.Protocol;
        if (_options.LinkHeader) PrintSll2Header(sll.InterfaceIndex, sll.Address, type, originalLength);
        return PrintCookedPayload(data, Sll2Offsets.HeaderLength, originalLength, type, (int)sll.PacketType, sll.Address,
            version2Index: sll.InterfaceIndex);
    }

    /// <summary>The -e part of a cooked-v2 line (after the interface name and direction).</summary>
    private void PrintSll2Header(uint interfaceIndex, ReadOnlySpan<byte> address, int type, int length)
    {
        _out.Append("ifindex "u8).Append(interfaceIndex).Append(' ');
        PrintCookedAddressTypeAndLength(address, type, length);
    }

    /// <summary>Prints what follows a cooked (SLL or SLL2) header; when it cannot be decoded, the header's -e fields and a hex dump.</summary>
    /// <param name="data">The captured frame.</param>
    /// <param name="offset">Where the payload starts (the cooked header's length).</param>
    /// <param name="originalLength">The frame's length on the wire.</param>
    /// <param name="type">The protocol field: an EtherType, or a length / ARPHRD-specific value up to 1500.</param>
    /// <param name="packetType">The direction (PACKET_HOST 0 ... PACKET_OUTGOING 4).</param>
    /// <param name="address">The link-layer address the header carries (may be empty).</param>
    /// <param name="version2Index">The interface index of a cooked-v2 frame, or -1 for v1.</param>
    /// <returns>How far the frame was consumed.</returns>
    private int PrintCookedPayload(ReadOnlySpan<byte> data, int offset, int originalLength, int type, int packetType, ReadOnlySpan<byte> address,
        long version2Index = -1)
    {
        int length = originalLength - offset;
        if (!PrintVlanTags(data, ref offset, ref length, ref type, checkWireLength: false)) return data.Length;
        if (type <= MaxEthernetLengthField || !PrintEtherTypePayload(type, data[offset..], length))
        {
            if (!_options.LinkHeader)
            {
                if (version2Index >= 0) PrintSll2Header((uint)version2Index, address, type, originalLength);
                else PrintSllHeader(packetType, address, type, originalLength);
            }
            HexDump.WriteHexAndAscii(_out, data[offset..]);
        }
        return offset;
    }

    private void PrintSllHeader(int packetType, ReadOnlySpan<byte> address, int type, int length)
    {
        ReadOnlySpan<byte> direction = packetType switch
        {
            0 => " In"u8,
            1 => "  B"u8,
            2 => "  M"u8,
            3 => "  P"u8,
            4 => "Out"u8,
            _ => "  ?"u8,
        };
        _out.Append(direction).Append(' ');
        PrintCookedAddressTypeAndLength(address, type, length);
    }

    /// <summary>The end of a cooked (v1 or v2) -e header: "ADDRESS ethertype NAME (0xNNNN), length N: ".</summary>
    private void PrintCookedAddressTypeAndLength(ReadOnlySpan<byte> address, int type, int length)
    {
        if (!address.IsEmpty)
        {
            TcpdumpText.AppendLinkAddress(_out, address);
            _out.Append(' ');
        }
        if (!_options.Quiet)
        {
            if (type <= MaxEthernetLengthField) _out.Append("802.3, "u8);
            else PrintEtherTypeName(type).Append(", "u8);
        }
        _out.Append("length "u8).Append(length).Append(": "u8);
    }

    private int PrintNullLoopback(ReadOnlySpan<byte> data, int originalLength, bool networkOrder)
    {
        if (!NullLoopbackFrame.TryCreate(data, networkOrder, out NullLoopbackFrame frame, out _))
        {
            _out.Append(" [|null]"u8);
            return data.Length;
        }
        uint family = frame.Family;
        if (_options.LinkHeader) PrintNullHeader(family, originalLength);
        int length = originalLength - NullLoopbackOffsets.HeaderLength;
        if (frame.IsIpv4) PrintIpv4(frame.Payload, length);
        else if (frame.IsIpv6) PrintIpv6(frame.Payload, length);
        else
        {
            if (!_options.LinkHeader) PrintNullHeader(family, originalLength);
            HexDump.WriteHexAndAscii(_out, frame.Payload);
        }
        return NullLoopbackOffsets.HeaderLength;
    }

    private void PrintNullHeader(uint family, int length)
    {
        ReadOnlySpan<byte> name = family switch
        {
            BsdAddressFamily.Inet => "IPv4"u8,
            BsdAddressFamily.Inet6Bsd or BsdAddressFamily.Inet6FreeBsd or BsdAddressFamily.Inet6Darwin => "IPv6"u8,
            BsdAddressFamily.Iso => "OSI"u8,
            BsdAddressFamily.Appletalk => "Appletalk"u8,
            BsdAddressFamily.Ipx => "IPX"u8,
            _ => default,
        };
        if (!_options.Quiet) _out.Append("AF "u8).Append(name.IsEmpty ? "Unknown"u8 : name).Append(" ("u8).Append(family).Append(')');
        else if (name.IsEmpty) _out.Append("Unknown AF "u8).Append(family);
        else _out.Append(name);
        _out.Append(", length "u8).Append(length).Append(": "u8);
    }
}
