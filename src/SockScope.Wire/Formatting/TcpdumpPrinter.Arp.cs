using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Arp;

namespace SockScope.Wire.Formatting;

// ARP and RARP as tcpdump 4.99 prints them ("ARP, Request who-has A tell B, length N").
public sealed partial class TcpdumpPrinter
{
    private void PrintArp(ReadOnlySpan<byte> b, int length)
    {
        if (!ArpPacket.TryCreate(b, out ArpPacket arp, out _))
        {
            // tcpdump abandons the whole packet here, so its -x dump starts at the link header.
            _out.Append(" [|arp]"u8);
            _linkHeaderLengthLost = true;
            return;
        }
        if (!_options.LinkHeader) _out.Append("ARP, "u8);
        int protocol = (ushort)arp.ProtocolType;
        bool ipv4 = protocol is 0x0800 or 0x1000;
        if (!ipv4 || arp.ProtocolAddressLength != 4 || arp.HardwareAddressLength == 0 || _options.Verbosity > 0)
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
            if (hardware.IsEmpty) _out.Append("Unknown Hardware ("u8).Append(arp.HardwareType).Append(')');
            else _out.Append(hardware);
            _out.Append(" (len "u8).Append(arp.HardwareAddressLength).Append("), "u8);
            ReadOnlySpan<byte> name = TcpdumpNames.EtherType(protocol);
            if (name.IsEmpty) _out.Append("Unknown Protocol (0x"u8).AppendHex((uint)protocol, 4).Append(')');
            else _out.Append(name);
            _out.Append(" (len "u8).Append(arp.ProtocolAddressLength).Append(')');
            if (_options.Verbosity == 0)
            {
                _out.Append(", length "u8).Append(length);
                return;
            }
        }
        if (_options.Verbosity > 0) _out.Append(", "u8);
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
        if (op.IsEmpty) _out.Append("Unknown ("u8).Append(operation).Append(')');
        else _out.Append(op);
        _out.Append(' ');
        switch (operation)
        {
            case 1:
                _out.Append("who-has "u8);
                AppendArpProtocolAddress(arp.TargetProtocolAddress, ipv4);
                if (arp.TargetHardwareAddress.IndexOfAnyExcept((byte)0) >= 0)
                {
                    _out.Append(" ("u8);
                    TcpdumpText.AppendLinkAddress(_out, arp.TargetHardwareAddress);
                    _out.Append(')');
                }
                _out.Append(" tell "u8);
                AppendArpProtocolAddress(arp.SenderProtocolAddress, ipv4);
                break;
            case 2:
                AppendArpProtocolAddress(arp.SenderProtocolAddress, ipv4);
                _out.Append(" is-at "u8);
                TcpdumpText.AppendLinkAddress(_out, arp.SenderHardwareAddress);
                break;
            case 3:
            case 8:
                _out.Append("who-is "u8);
                TcpdumpText.AppendLinkAddress(_out, arp.TargetHardwareAddress);
                _out.Append(" tell "u8);
                TcpdumpText.AppendLinkAddress(_out, arp.SenderHardwareAddress);
                break;
            case 4:
                TcpdumpText.AppendLinkAddress(_out, arp.TargetHardwareAddress);
                _out.Append(" at "u8);
                AppendArpProtocolAddress(arp.TargetProtocolAddress, ipv4);
                break;
            case 9:
                TcpdumpText.AppendLinkAddress(_out, arp.SenderHardwareAddress);
                _out.Append(" at "u8);
                AppendArpProtocolAddress(arp.SenderProtocolAddress, ipv4);
                break;
            default:
                HexDump.WriteHexAndAscii(_out, b);
                return;
        }
        _out.Append(", length "u8).Append(length);
    }

    private void AppendArpProtocolAddress(ReadOnlySpan<byte> address, bool ipv4)
    {
        if (!ipv4) _out.Append("<wrong proto type>"u8);
        else if (address.Length != 4) _out.Append("<wrong len>"u8);
        else _out.Append(Ipv4Address.Read(address));
    }
}
