using IE = SockScope.Analysis.Export.InformationElement;

namespace SockScope.Analysis.Export;

/// <summary>
/// A template SockScope exports: softflowd 1.1's IPv4 and IPv6 flow templates (addresses, counts,
/// interfaces, ports, protocol, TCP flags, IP version, class of service, ICMP type and code) with
/// absolute start and end times (152/153) and the end reason, their RFC 5103 biflow forms, and
/// the options template of the exporter's statistics.
/// </summary>
public sealed class ExportTemplate
{
    /// <summary>Template id of unidirectional IPv4 records.</summary>
    public const ushort Ipv4Id = 256;
    /// <summary>Template id of unidirectional IPv6 records.</summary>
    public const ushort Ipv6Id = 257;
    /// <summary>Template id of IPv4 biflow records.</summary>
    public const ushort BiflowIpv4Id = 258;
    /// <summary>Template id of IPv6 biflow records.</summary>
    public const ushort BiflowIpv6Id = 259;
    /// <summary>Template id of the statistics options record.</summary>
    public const ushort StatisticsId = 260;

    private ExportTemplate(ushort id, TemplateField[] fields, int scopeFieldCount = 0)
    {
        Id = id;
        Fields = fields;
        ScopeFieldCount = scopeFieldCount;
        foreach (TemplateField field in fields)
        {
            RecordLength += field.Length;
            SpecifiersLength += field.SpecifierLength;
        }
    }

    /// <summary>The template id (data sets carrying these records use it as their set id).</summary>
    public ushort Id { get; }
    /// <summary>The fields, scope fields first for an options template.</summary>
    public IReadOnlyList<TemplateField> Fields { get; }
    /// <summary>How many of <see cref="Fields"/> are scope fields (0 for a flow template).</summary>
    public int ScopeFieldCount { get; }
    /// <summary>True for an options template.</summary>
    public bool IsOptions => ScopeFieldCount > 0;
    /// <summary>Bytes one data record of this template takes.</summary>
    public int RecordLength { get; }
    /// <summary>Bytes the field specifiers take in a template record.</summary>
    public int SpecifiersLength { get; }

    private static TemplateField[] Flow(bool ipv6, bool biflow)
    {
        var fields = new List<TemplateField>
        {
            new(ipv6 ? IE.SourceIpv6Address : IE.SourceIpv4Address, (ushort)(ipv6 ? 16 : 4)),
            new(ipv6 ? IE.DestinationIpv6Address : IE.DestinationIpv4Address, (ushort)(ipv6 ? 16 : 4)),
            new(IE.OctetDeltaCount, 8),
            new(IE.PacketDeltaCount, 8),
            new(IE.IngressInterface, 4),
            new(IE.EgressInterface, 4),
            new(IE.SourceTransportPort, 2),
            new(IE.DestinationTransportPort, 2),
            new(IE.ProtocolIdentifier, 1),
            new(IE.TcpControlBits, 1),
            new(IE.IpVersion, 1),
            new(IE.IpClassOfService, 1),
            new(ipv6 ? IE.IcmpTypeCodeIpv6 : IE.IcmpTypeCodeIpv4, 2),
            new(IE.FlowStartMilliseconds, 8),
            new(IE.FlowEndMilliseconds, 8),
            new(IE.FlowEndReason, 1),
        };
        if (biflow)
        {
            fields.Add(new(IE.OctetDeltaCount, 8, IE.ReversePen));
            fields.Add(new(IE.PacketDeltaCount, 8, IE.ReversePen));
            fields.Add(new(IE.TcpControlBits, 1, IE.ReversePen));
            fields.Add(new(IE.IpClassOfService, 1, IE.ReversePen));
            fields.Add(new(ipv6 ? IE.IcmpTypeCodeIpv6 : IE.IcmpTypeCodeIpv4, 2, IE.ReversePen));
        }
        return [.. fields];
    }

    /// <summary>Unidirectional IPv4 flows.</summary>
    public static ExportTemplate Ipv4 { get; } = new(Ipv4Id, Flow(ipv6: false, biflow: false));
    /// <summary>Unidirectional IPv6 flows.</summary>
    public static ExportTemplate Ipv6 { get; } = new(Ipv6Id, Flow(ipv6: true, biflow: false));
    /// <summary>IPv4 biflows (IPFIX only: reverse elements need an enterprise number).</summary>
    public static ExportTemplate BiflowIpv4 { get; } = new(BiflowIpv4Id, Flow(ipv6: false, biflow: true));
    /// <summary>IPv6 biflows (IPFIX only).</summary>
    public static ExportTemplate BiflowIpv6 { get; } = new(BiflowIpv6Id, Flow(ipv6: true, biflow: true));

    /// <summary>IPFIX statistics: scoped by the observation domain.</summary>
    public static ExportTemplate IpfixStatistics { get; } = new(StatisticsId, Statistics(IE.ObservationDomainId), scopeFieldCount: 1);
    /// <summary>NetFlow v9 statistics: scoped by the System scope (the source id).</summary>
    public static ExportTemplate NetFlow9Statistics { get; } = new(StatisticsId, Statistics(IE.NetFlow9ScopeSystem), scopeFieldCount: 1);

    private static TemplateField[] Statistics(ushort scope) =>
    [
        new(scope, 4),
        new(IE.ExportedMessageTotalCount, 8),
        new(IE.ExportedFlowRecordTotalCount, 8),
        new(IE.NotSentFlowTotalCount, 8),
        new(IE.IgnoredPacketTotalCount, 8),
        new(IE.FlowActiveTimeout, 2),
        new(IE.FlowIdleTimeout, 2),
    ];

    /// <summary>The flow template a record goes out with.</summary>
    public static ExportTemplate For(in FlowRecord record) => record.HasReverse
        ? record.IsIpv6 ? BiflowIpv6 : BiflowIpv4
        : record.IsIpv6 ? Ipv6 : Ipv4;
}
