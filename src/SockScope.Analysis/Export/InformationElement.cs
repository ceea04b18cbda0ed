namespace SockScope.Analysis.Export;

/// <summary>
/// The IANA IPFIX information element numbers SockScope exports (values 1-127 are the same field
/// types in NetFlow v9), and the private enterprise number of RFC 5103's reverse elements.
/// </summary>
public static class InformationElement
{
    /// <summary>octetDeltaCount: bytes of the flow in this record.</summary>
    public const ushort OctetDeltaCount = 1;
    /// <summary>packetDeltaCount: packets of the flow in this record.</summary>
    public const ushort PacketDeltaCount = 2;
    /// <summary>protocolIdentifier: the IP protocol number.</summary>
    public const ushort ProtocolIdentifier = 4;
    /// <summary>ipClassOfService: the IPv4 TOS byte or IPv6 traffic class.</summary>
    public const ushort IpClassOfService = 5;
    /// <summary>tcpControlBits: the TCP flags seen, ORed.</summary>
    public const ushort TcpControlBits = 6;
    /// <summary>sourceTransportPort.</summary>
    public const ushort SourceTransportPort = 7;
    /// <summary>sourceIPv4Address.</summary>
    public const ushort SourceIpv4Address = 8;
    /// <summary>ingressInterface.</summary>
    public const ushort IngressInterface = 10;
    /// <summary>destinationTransportPort (ICMP: type * 256 + code, as Cisco and softflowd).</summary>
    public const ushort DestinationTransportPort = 11;
    /// <summary>destinationIPv4Address.</summary>
    public const ushort DestinationIpv4Address = 12;
    /// <summary>egressInterface.</summary>
    public const ushort EgressInterface = 14;
    /// <summary>sourceIPv6Address.</summary>
    public const ushort SourceIpv6Address = 27;
    /// <summary>destinationIPv6Address.</summary>
    public const ushort DestinationIpv6Address = 28;
    /// <summary>icmpTypeCodeIPv4: type * 256 + code.</summary>
    public const ushort IcmpTypeCodeIpv4 = 32;
    /// <summary>flowActiveTimeout in seconds.</summary>
    public const ushort FlowActiveTimeout = 36;
    /// <summary>flowIdleTimeout in seconds.</summary>
    public const ushort FlowIdleTimeout = 37;
    /// <summary>exportedMessageTotalCount.</summary>
    public const ushort ExportedMessageTotalCount = 41;
    /// <summary>exportedFlowRecordTotalCount.</summary>
    public const ushort ExportedFlowRecordTotalCount = 42;
    /// <summary>ipVersion.</summary>
    public const ushort IpVersion = 60;
    /// <summary>flowEndReason (<see cref="Export.FlowEndReason"/>).</summary>
    public const ushort FlowEndReason = 136;
    /// <summary>icmpTypeCodeIPv6: type * 256 + code.</summary>
    public const ushort IcmpTypeCodeIpv6 = 139;
    /// <summary>observationDomainId (an options scope).</summary>
    public const ushort ObservationDomainId = 149;
    /// <summary>flowStartMilliseconds: absolute, milliseconds since 1970.</summary>
    public const ushort FlowStartMilliseconds = 152;
    /// <summary>flowEndMilliseconds: absolute, milliseconds since 1970.</summary>
    public const ushort FlowEndMilliseconds = 153;
    /// <summary>ignoredPacketTotalCount: packets the metering process did not see (dropped by the capture).</summary>
    public const ushort IgnoredPacketTotalCount = 164;
    /// <summary>notSentFlowTotalCount: records generated but not sent.</summary>
    public const ushort NotSentFlowTotalCount = 166;

    /// <summary>NetFlow v9 options scope field type 1: System.</summary>
    public const ushort NetFlow9ScopeSystem = 1;

    /// <summary>RFC 5103: the private enterprise number that marks an element as the reverse direction's.</summary>
    public const uint ReversePen = 29305;
}
