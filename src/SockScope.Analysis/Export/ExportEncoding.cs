using System.Buffers.Binary;

namespace SockScope.Analysis.Export;

/// <summary>
/// The byte layouts of IPFIX (RFC 7011) and NetFlow v9 (RFC 3954) messages, written into caller
/// memory: message headers, set headers, template and options template records, flow and
/// statistics data records. Pure functions; the caller checks that the destination is large enough
/// (every length is known in advance from the template).
/// </summary>
public static class ExportEncoding
{
    /// <summary>IPFIX version number.</summary>
    public const ushort IpfixVersion = 10;
    /// <summary>NetFlow version 9.</summary>
    public const ushort NetFlow9Version = 9;
    /// <summary>Bytes of the IPFIX message header.</summary>
    public const int IpfixHeaderLength = 16;
    /// <summary>Bytes of the NetFlow v9 packet header.</summary>
    public const int NetFlow9HeaderLength = 20;
    /// <summary>Bytes of a set (flowset) header: id and length.</summary>
    public const int SetHeaderLength = 4;
    /// <summary>Offset of the sequence number in an IPFIX message header.</summary>
    public const int IpfixSequenceOffset = 8;

    /// <summary>Bytes of the message header of <paramref name="protocol"/>.</summary>
    public static int HeaderLength(ExportProtocol protocol) => protocol == ExportProtocol.Ipfix ? IpfixHeaderLength : NetFlow9HeaderLength;

    /// <summary>The set id of a template set: 2 / options 3 in IPFIX, 0 / options 1 in NetFlow v9.</summary>
    public static ushort TemplateSetId(ExportProtocol protocol, bool options) => protocol == ExportProtocol.Ipfix
        ? (ushort)(options ? 3 : 2)
        : (ushort)(options ? 1 : 0);

    /// <summary>Writes the IPFIX message header (version 10, total length, export time, sequence, observation domain).</summary>
    public static void WriteIpfixHeader(Span<byte> destination, int messageLength, uint exportSeconds, uint sequence, uint observationDomain)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, IpfixVersion);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)messageLength));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], exportSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[IpfixSequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], observationDomain);
    }

    /// <summary>Writes the NetFlow v9 header (version 9, record count, uptime, UNIX seconds, packet sequence, source id).</summary>
    public static void WriteNetFlow9Header(Span<byte> destination, int recordCount, uint systemUptimeMilliseconds, uint unixSeconds, uint sequence, uint sourceId)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, NetFlow9Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)recordCount));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], systemUptimeMilliseconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], unixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sourceId);
    }

    /// <summary>Writes a set header: the set id (a template id for data) and the set's length including this header and padding.</summary>
    public static void WriteSetHeader(Span<byte> destination, ushort setId, int setLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, setId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)setLength));
    }

    /// <summary>The IPFIX sequence number of a message (records sent before it).</summary>
    public static uint ReadIpfixSequence(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt32BigEndian(message[IpfixSequenceOffset..]);

    /// <summary>Rewrites the IPFIX sequence number of a message (a template message re-sent before queued data).</summary>
    public static void WriteIpfixSequence(Span<byte> message, uint sequence) => BinaryPrimitives.WriteUInt32BigEndian(message[IpfixSequenceOffset..], sequence);

    /// <summary>Bytes one template record of <paramref name="template"/> takes (not counting the set header).</summary>
    public static int TemplateRecordLength(ExportProtocol protocol, ExportTemplate template) =>
        (template.IsOptions ? 6 : 4) + template.SpecifiersLength;

    /// <summary>
    /// Writes one template record: IPFIX (RFC 7011 3.4.1/3.4.2: id, field count[, scope field count],
    /// specifiers with the enterprise bit) or NetFlow v9 (RFC 3954 5.2/6.1: id, field count, or for
    /// options id, scope length and option length in bytes). Returns the bytes written.
    /// </summary>
    public static int WriteTemplateRecord(Span<byte> destination, ExportProtocol protocol, ExportTemplate template)
    {
        if (protocol == ExportProtocol.NetFlow9 && template.Fields.Any(f => f.EnterpriseNumber != 0))
            throw new ArgumentException("NetFlow v9 has no enterprise-specific fields: biflow templates are IPFIX only", nameof(template));
        BinaryPrimitives.WriteUInt16BigEndian(destination, template.Id);
        int offset;
        if (!template.IsOptions)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)template.Fields.Count);
            offset = 4;
        }
        else if (protocol == ExportProtocol.Ipfix)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)template.Fields.Count);
            BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)template.ScopeFieldCount);
            offset = 6;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(template.ScopeFieldCount * 4));
            BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)((template.Fields.Count - template.ScopeFieldCount) * 4));
            offset = 6;
        }
        foreach (TemplateField field in template.Fields)
        {
            ushort id = field.EnterpriseNumber == 0 ? field.Element : (ushort)(field.Element | 0x8000);
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], id);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], field.Length);
            offset += 4;
            if (field.EnterpriseNumber != 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], field.EnterpriseNumber);
                offset += 4;
            }
        }
        return offset;
    }

    /// <summary>Writes one flow data record of <paramref name="template"/>; returns <see cref="ExportTemplate.RecordLength"/>.</summary>
    public static int WriteFlowRecord(Span<byte> destination, ExportTemplate template, in FlowRecord record)
    {
        int offset = 0;
        IReadOnlyList<TemplateField> fields = template.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            TemplateField field = fields[i];
            Span<byte> value = destination.Slice(offset, field.Length);
            offset += field.Length;
            if (field.IsReverse)
            {
                switch (field.Element)
                {
                    case InformationElement.OctetDeltaCount: WriteUnsigned(value, record.ReverseBytes); break;
                    case InformationElement.PacketDeltaCount: WriteUnsigned(value, record.ReversePackets); break;
                    case InformationElement.TcpControlBits: WriteUnsigned(value, record.ReverseTcpFlags); break;
                    case InformationElement.IpClassOfService: WriteUnsigned(value, record.ReverseTypeOfService); break;
                    case InformationElement.IcmpTypeCodeIpv4 or InformationElement.IcmpTypeCodeIpv6: WriteUnsigned(value, record.ReverseIcmpTypeCode); break;
                    default: value.Clear(); break;
                }
                continue;
            }
            switch (field.Element)
            {
                case InformationElement.SourceIpv4Address: BinaryPrimitives.WriteUInt32BigEndian(value, (uint)record.SourceLow); break;
                case InformationElement.DestinationIpv4Address: BinaryPrimitives.WriteUInt32BigEndian(value, (uint)record.DestinationLow); break;
                case InformationElement.SourceIpv6Address:
                    BinaryPrimitives.WriteUInt64BigEndian(value, record.SourceHigh);
                    BinaryPrimitives.WriteUInt64BigEndian(value[8..], record.SourceLow);
                    break;
                case InformationElement.DestinationIpv6Address:
                    BinaryPrimitives.WriteUInt64BigEndian(value, record.DestinationHigh);
                    BinaryPrimitives.WriteUInt64BigEndian(value[8..], record.DestinationLow);
                    break;
                case InformationElement.OctetDeltaCount: WriteUnsigned(value, record.Bytes); break;
                case InformationElement.PacketDeltaCount: WriteUnsigned(value, record.Packets); break;
                // ICMP has no ports: softflowd 1.1 sends 0 there and the type and code in 32/139 only
                // (nfdump reads 32/139, pmacct the port fields; both then see what softflowd's export shows).
                case InformationElement.SourceTransportPort: WriteUnsigned(value, record.Protocol is 1 or 58 ? 0UL : record.SourcePort); break;
                case InformationElement.DestinationTransportPort: WriteUnsigned(value, record.Protocol is 1 or 58 ? 0UL : record.DestinationPort); break;
                case InformationElement.ProtocolIdentifier: WriteUnsigned(value, record.Protocol); break;
                case InformationElement.TcpControlBits: WriteUnsigned(value, record.TcpFlags); break;
                case InformationElement.IpVersion: WriteUnsigned(value, record.IsIpv6 ? 6u : 4u); break;
                case InformationElement.IpClassOfService: WriteUnsigned(value, record.TypeOfService); break;
                case InformationElement.IcmpTypeCodeIpv4 or InformationElement.IcmpTypeCodeIpv6: WriteUnsigned(value, record.IcmpTypeCode); break;
                case InformationElement.FlowStartMilliseconds: WriteUnsigned(value, (ulong)Math.Max(0, record.StartMilliseconds)); break;
                case InformationElement.FlowEndMilliseconds: WriteUnsigned(value, (ulong)Math.Max(0, record.EndMilliseconds)); break;
                case InformationElement.FlowEndReason: WriteUnsigned(value, (byte)record.EndReason); break;
                default: value.Clear(); break; // ingress/egress interface: not known to a capture
            }
        }
        return offset;
    }

    /// <summary>Writes one statistics options data record; returns <see cref="ExportTemplate.RecordLength"/>.</summary>
    public static int WriteStatisticsRecord(Span<byte> destination, ExportTemplate template, uint scope, in ExporterStatistics statistics)
    {
        int offset = 0;
        IReadOnlyList<TemplateField> fields = template.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            TemplateField field = fields[i];
            Span<byte> value = destination.Slice(offset, field.Length);
            offset += field.Length;
            ulong v = i < template.ScopeFieldCount ? scope : field.Element switch
            {
                InformationElement.ExportedMessageTotalCount => statistics.MessagesSent,
                InformationElement.ExportedFlowRecordTotalCount => statistics.RecordsSent,
                InformationElement.NotSentFlowTotalCount => statistics.RecordsNotSent,
                InformationElement.IgnoredPacketTotalCount => statistics.PacketsDroppedByCapture,
                InformationElement.FlowActiveTimeout => statistics.ActiveTimeoutSeconds,
                InformationElement.FlowIdleTimeout => statistics.IdleTimeoutSeconds,
                _ => 0,
            };
            WriteUnsigned(value, v);
        }
        return offset;
    }

    /// <summary>An unsigned value in 1, 2, 4 or 8 bytes, big-endian (reduced-size encoding, RFC 7011 6.2).</summary>
    private static void WriteUnsigned(Span<byte> destination, ulong value)
    {
        switch (destination.Length)
        {
            case 1: destination[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value); break;
            case 8: BinaryPrimitives.WriteUInt64BigEndian(destination, value); break;
            default: destination.Clear(); break;
        }
    }
}
