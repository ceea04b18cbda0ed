namespace SockScope.Analysis.Export;

/// <summary>The wire format of exported flow records.</summary>
public enum ExportProtocol
{
    /// <summary>IPFIX, RFC 7011 (version 10): over UDP or TCP.</summary>
    Ipfix,
    /// <summary>Cisco NetFlow version 9, RFC 3954: over UDP.</summary>
    NetFlow9,
}
