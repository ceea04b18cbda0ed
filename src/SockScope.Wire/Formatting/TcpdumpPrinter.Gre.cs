using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Formatting;

// GRE (RFC 1701/2784/2890, and the PPTP variant of RFC 2637) as tcpdump 4.99 prints it:
// "GREv0, key=0x2a, seq 7, length N: " and then the carried packet (IPv4, IPv6, Ethernet for TEB),
// "gre-proto-0xNNNN" for the rest. -v lists the flags and puts the carried packet on the next
// line; -e names the protocol type. Also used for GRE quoted inside ICMP errors.
public sealed partial class TcpdumpPrinter
{
    private void PrintGre(ReadOnlySpan<byte> b, long length)
    {
        if (b.Length < 2)
        {
            _out.Append(GreTruncated);
            return;
        }
        int flags = BinaryPrimitives.ReadUInt16BigEndian(b);
        int version = flags & (int)GreFlags.VersionMask;
        _out.Append("GREv"u8).Append(version);
        if (version > GreEnhancedVersion)
        {
            _out.Append(" ERROR: unknown-version"u8);
            return;
        }
        if (_options.Verbosity > 0) AppendGreFlags(flags);
        if (b.Length < 4)
        {
            _out.Append(GreTruncated);
            return;
        }
        int protocol = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        int at = 4;
        // tcpdump prints the whole GRE length; the carried packet gets what follows the header.
        long greLength = length;
        length -= 4;
        bool complete = version == 0 ? PrintGreV0Fields(b, flags, ref at, ref length) : PrintGreV1Fields(b, flags, ref at, ref length);
        if (!complete)
        {
            _out.Append(GreTruncated);
            return;
        }
        if (_options.LinkHeader)
        {
            ReadOnlySpan<byte> name = TcpdumpNames.EtherType(protocol);
            _out.Append(", proto "u8).Append(name.IsEmpty ? "unknown"u8 : name).Append(" (0x"u8).AppendHex((uint)protocol, 4).Append(')');
        }
        _out.Append(", length "u8).Append(greLength);
        if (version == GreEnhancedVersion && (flags & (int)GreFlags.KeyPresent) != 0 && BinaryPrimitives.ReadUInt16BigEndian(b[4..]) == 0) return;
        _out.Append(_options.Verbosity > 0 ? "\n\t"u8 : ": "u8);
        PrintGrePayload(protocol, b[at..], length);
    }

    /// <summary>PPTP's enhanced GRE (RFC 2637); 0 is RFC 1701/2784.</summary>
    private const int GreEnhancedVersion = GreHeader.EnhancedVersion;
    private const int GreSreAddressFamilyIp = 0x0800;
    /// <summary>Transparent Ethernet Bridging: the tunnel carries whole Ethernet frames.</summary>
    private const int GreTransparentEthernetBridging = (int)EtherType.TransparentEthernetBridging;

    private static ReadOnlySpan<byte> GreTruncated => " [|gre]"u8;

    private void AppendGreFlags(int flags)
    {
        _out.Append(", Flags ["u8);
        int count = 0;
        if ((flags & (int)GreFlags.ChecksumPresent) != 0) AppendFlag(ref count, "checksum present"u8);
        if ((flags & (int)GreFlags.RoutingPresent) != 0) AppendFlag(ref count, "routing present"u8);
        if ((flags & (int)GreFlags.KeyPresent) != 0) AppendFlag(ref count, "key present"u8);
        if ((flags & (int)GreFlags.SequencePresent) != 0) AppendFlag(ref count, "sequence# present"u8);
        if ((flags & (int)GreFlags.StrictSourceRoute) != 0) AppendFlag(ref count, "source routing present"u8);
        if ((flags & (int)GreFlags.AckPresent) != 0) AppendFlag(ref count, "ack present"u8);
        if (count == 0) _out.Append("none"u8);
        _out.Append(']');
    }

    /// <summary>Checksum and offset, key, sequence number, source route entries; false when the capture ends first.</summary>
    private bool PrintGreV0Fields(ReadOnlySpan<byte> b, int flags, ref int at, ref long length)
    {
        if ((flags & ((int)GreFlags.ChecksumPresent | (int)GreFlags.RoutingPresent)) != 0)
        {
            if (at + 4 > b.Length) return false;
            if (_options.Verbosity > 0) _out.Append(", sum 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(b[at..]));
            _out.Append(", off 0x"u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(b[(at + 2)..]));
            at += 4;
            length -= 4;
        }
        if ((flags & (int)GreFlags.KeyPresent) != 0)
        {
            if (at + 4 > b.Length) return false;
            _out.Append(", key=0x"u8).AppendHex(BinaryPrimitives.ReadUInt32BigEndian(b[at..]));
            at += 4;
            length -= 4;
        }
        if (!PrintGreSequence(b, flags, ref at, ref length)) return false;
        if ((flags & (int)GreFlags.RoutingPresent) != 0)
        {
            // Source route entries up to the empty one: address family, offset, length, entries.
            while (true)
            {
                if (at + 4 > b.Length) return false;
                int family = BinaryPrimitives.ReadUInt16BigEndian(b[at..]);
                int offset = b[at + 2];
                int entryLength = b[at + 3];
                at += 4;
                length -= 4;
                if (family == 0 && entryLength == 0) break;
                _out.Append(", "u8);
                if (!PrintGreSourceRoute(b, at, family, offset, entryLength)) return false;
                at += entryLength;
                length -= entryLength;
            }
        }
        return true;
    }

    private bool PrintGreSequence(ReadOnlySpan<byte> b, int flags, ref int at, ref long length)
    {
        if ((flags & (int)GreFlags.SequencePresent) == 0) return true;
        if (at + 4 > b.Length) return false;
        _out.Append(", seq "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[at..]));
        at += 4;
        length -= 4;
        return true;
    }

    /// <summary>One source route entry: "(rtaf=ip A *B)" marks the next hop, other families only by number.</summary>
    private bool PrintGreSourceRoute(ReadOnlySpan<byte> b, int at, int family, int offset, int entryLength)
    {
        if (family != GreSreAddressFamilyIp)
        {
            _out.Append("(rtaf=0x"u8).AppendHex((uint)family).Append(')');
            return at + entryLength <= b.Length;
        }
        _out.Append("(rtaf=ip"u8);
        for (int hop = 0; hop + 4 <= entryLength; hop += 4)
        {
            if (at + hop + 4 > b.Length) return false;
            _out.Append(' ');
            if (hop == offset) _out.Append('*');
            _out.Append(Ipv4Address.Read(b[(at + hop)..]));
        }
        _out.Append(')');
        return at + entryLength <= b.Length;
    }

    /// <summary>PPTP's enhanced GRE: call id (in the key field), sequence and acknowledgement numbers.</summary>
    private bool PrintGreV1Fields(ReadOnlySpan<byte> b, int flags, ref int at, ref long length)
    {
        bool noPayload = false;
        if ((flags & (int)GreFlags.KeyPresent) != 0)
        {
            if (at + 4 > b.Length) return false;
            noPayload = BinaryPrimitives.ReadUInt16BigEndian(b[at..]) == 0;
            _out.Append(", call "u8).Append(BinaryPrimitives.ReadUInt16BigEndian(b[(at + 2)..]));
            at += 4;
            length -= 4;
        }
        if (!PrintGreSequence(b, flags, ref at, ref length)) return false;
        if ((flags & (int)GreFlags.AckPresent) != 0)
        {
            if (at + 4 > b.Length) return false;
            _out.Append(", ack "u8).Append(BinaryPrimitives.ReadUInt32BigEndian(b[at..]));
            at += 4;
            length -= 4;
        }
        if (noPayload) _out.Append(", no-payload"u8);
        return true;
    }

    private void PrintGrePayload(int protocol, ReadOnlySpan<byte> payload, long length)
    {
        if (protocol is not ((int)EtherType.Ipv4 or (int)EtherType.Ipv6 or GreTransparentEthernetBridging))
        {
            _out.Append("gre-proto-0x"u8).AppendHex((uint)protocol);
            return;
        }
        // A tunnel inside a tunnel: bounded like IP in IP.
        if (_ipDepth >= MaxIpDepth)
        {
            _out.Append(" [|ip]"u8);
            return;
        }
        _ipDepth++;
        switch (protocol)
        {
            case (int)EtherType.Ipv4: PrintIpv4(payload, length); break;
            case (int)EtherType.Ipv6: PrintIpv6(payload, length); break;
            default: PrintEthernet(payload, (int)Math.Clamp(length, 0, int.MaxValue)); break;
        }
        _ipDepth--;
    }
}
