using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Checksums;
using SockScope.Wire.Icmp;

namespace SockScope.Wire.Formatting;

// IGMP v1/v2/v3 and multicast traceroute, as tcpdump 4.99 prints them.
public sealed partial class TcpdumpPrinter
{
    /// <summary>Prints an IGMP message; the "IP a > b: " prefix is already written.</summary>
    internal void PrintIgmp(ReadOnlySpan<byte> igmp, in IpInfo ip)
    {
        if (_options.Quiet)
        {
            _out.Append("igmp"u8);
            return;
        }
        int length = ip.PayloadLength;
        if (!PrintIgmpBody(igmp, length))
        {
            _out.Append(" [|igmp]"u8);
            return;
        }
        if (_options.Verbosity > 0 && length >= 4 && igmp.Length >= length
            && InternetChecksum.Compute(igmp[..length]) != 0)
        {
            _out.Append(" bad igmp cksum "u8).AppendHex(BinaryPrimitives.ReadUInt16BigEndian(igmp[2..])).Append((byte)'!');
        }
    }

    private bool PrintIgmpBody(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < 1) return false;
        switch ((IgmpType)b[0])
        {
            case IgmpType.MembershipQuery:
                _out.Append("igmp query"u8);
                if (length >= IgmpOffsets.V3QueryLength) return PrintIgmpV3Query(b, length);
                if (b.Length < 2) return false;
                if (b[1] != 0)
                {
                    _out.Append(" v2"u8);
                    if (b[1] != 100) _out.Append(" [max resp time "u8).Append((int)b[1]).Append((byte)']');
                }
                else
                {
                    _out.Append(" v1"u8);
                }
                if (b.Length < 8) return false;
                if (BinaryPrimitives.ReadUInt32BigEndian(b[4..]) != 0)
                    _out.Append(" [gaddr "u8).Append(Ipv4Address.Read(b[4..])).Append((byte)']');
                if (length != 8) _out.Append(" [len "u8).Append(length).Append((byte)']');
                return true;
            case IgmpType.V1MembershipReport:
                if (b.Length < 8) return false;
                _out.Append("igmp v1 report "u8).Append(Ipv4Address.Read(b[4..]));
                if (length != 8) _out.Append(" [len "u8).Append(length).Append((byte)']');
                return true;
            case IgmpType.V2MembershipReport:
                if (b.Length < 8) return false;
                _out.Append("igmp v2 report "u8).Append(Ipv4Address.Read(b[4..]));
                return true;
            case IgmpType.V3MembershipReport:
                _out.Append("igmp v3 report"u8);
                return PrintIgmpV3Report(b, length);
            case IgmpType.LeaveGroup:
                if (b.Length < 8) return false;
                _out.Append("igmp leave "u8).Append(Ipv4Address.Read(b[4..]));
                return true;
            case IgmpType.Dvmrp:
                _out.Append("igmp dvmrp"u8);
                if (PrintDvmrp(b, length)) return true;
                _out.Append(" [|dvmrp]"u8);
                return true;
            case IgmpType.PimV1:
                _out.Append("igmp pimv1"u8);
                return true;
            case IgmpType.MtraceResponse:
                return PrintMtrace(b, length, "mresp"u8);
            case IgmpType.Mtrace:
                return PrintMtrace(b, length, "mtrace"u8);
            default:
                _out.Append("igmp-"u8).Append((int)b[0]);
                return true;
        }
    }

    /// <summary>Multicast traceroute query or response: query id, source, destination and where replies go.</summary>
    private bool PrintMtrace(ReadOnlySpan<byte> b, int length, ReadOnlySpan<byte> name)
    {
        const int queryEnd = 8 + 16;
        if (length < queryEnd)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        if (b.Length < queryEnd) return false;
        Ipv4Address replyTo = Ipv4Address.Read(b[16..]);
        _out.Append(name).Append((byte)' ').Append(BinaryPrimitives.ReadUInt32BigEndian(b[20..]) & 0xFFFFFF).Append(": "u8)
            .Append(Ipv4Address.Read(b[8..])).Append(" to "u8).Append(Ipv4Address.Read(b[12..]))
            .Append(" reply-to "u8).Append(replyTo);
        if (replyTo.IsMulticast) _out.Append(" with-ttl "u8).Append((int)b[20]);
        return true;
    }

    private bool PrintIgmpV3Query(ReadOnlySpan<byte> b, int length)
    {
        _out.Append(" v3"u8);
        if (length < 12 || (length & 3) != 0)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        if (b.Length < 2) return false;
        int code = b[1];
        if (code != 100)
        {
            int tenths = IgmpMessage.DecodeV3Code(code);
            _out.Append(" [max resp time "u8);
            if (tenths < 600) _out.Append(tenths / 10).Append((byte)'.').Append(tenths % 10).Append((byte)'s');
            else AppendRelativeTime((uint)(tenths / 10));
            _out.Append((byte)']');
        }
        if (b.Length < 8) return false;
        if (BinaryPrimitives.ReadUInt32BigEndian(b[4..]) == 0) return true;
        _out.Append(" [gaddr "u8).Append(Ipv4Address.Read(b[4..]));
        if (b.Length < 12) return false;
        int sources = BinaryPrimitives.ReadUInt16BigEndian(b[10..]);
        if (sources > 0)
        {
            if (length < 12 + (sources << 2))
            {
                _out.Append(" [invalid number of sources]"u8);
            }
            else if (_options.Verbosity > 1)
            {
                _out.Append(" {"u8);
                for (int i = 0; i < sources; i++)
                {
                    int at = 12 + (i << 2);
                    if (at + 4 > b.Length) return false;
                    _out.Append((byte)' ').Append(Ipv4Address.Read(b[at..]));
                }
                _out.Append(" }"u8);
            }
            else
            {
                _out.Append(", "u8).Append(sources).Append(" source(s)"u8);
            }
        }
        _out.Append((byte)']');
        return true;
    }

    private bool PrintIgmpV3Report(ReadOnlySpan<byte> b, int length)
    {
        if (length < 16 || (length & 3) != 0)
        {
            _out.Append(" [invalid len "u8).Append(length).Append((byte)']');
            return true;
        }
        if (b.Length < 8) return false;
        int groups = BinaryPrimitives.ReadUInt16BigEndian(b[6..]);
        _out.Append(", "u8).Append(groups).Append(" group record(s)"u8);
        if (_options.Verbosity == 0) return true;
        int record = 8;
        for (int i = 0; i < groups; i++)
        {
            if (length < record + 8)
            {
                _out.Append(" [invalid number of groups]"u8);
                return true;
            }
            if (record + 8 > b.Length) return false;
            _out.Append(" [gaddr "u8).Append(Ipv4Address.Read(b[(record + 4)..])).Append((byte)' ');
            AppendGroupRecordType(b[record], " [v3-report-#"u8);
            int sources = BinaryPrimitives.ReadUInt16BigEndian(b[(record + 2)..]);
            if (length < record + 8 + (sources << 2))
            {
                _out.Append(" [invalid number of sources "u8).Append(sources).Append((byte)']');
                return true;
            }
            if (_options.Verbosity == 1)
            {
                _out.Append(", "u8).Append(sources).Append(" source(s)"u8);
            }
            else
            {
                _out.Append(" {"u8);
                for (int j = 0; j < sources; j++)
                {
                    int at = record + 8 + (j << 2);
                    if (at + 4 > b.Length) return false;
                    _out.Append((byte)' ').Append(Ipv4Address.Read(b[at..]));
                }
                _out.Append(" }"u8);
            }
            // tcpdump ignores the auxiliary data length, and so do we, to print the same records.
            record += 8 + (sources << 2);
            _out.Append((byte)']');
        }
        return true;
    }

    /// <summary>IGMPv3/MLDv2 record type names; unknown types as the given prefix, the number and ']'.</summary>
    private void AppendGroupRecordType(byte type, ReadOnlySpan<byte> unknownPrefix)
    {
        ReadOnlySpan<byte> name = type switch
        {
            1 => "is_in"u8, 2 => "is_ex"u8, 3 => "to_in"u8, 4 => "to_ex"u8, 5 => "allow"u8, 6 => "block"u8, _ => default,
        };
        if (name.IsEmpty) _out.Append(unknownPrefix).Append((int)type).Append((byte)']');
        else _out.Append(name);
    }
}
