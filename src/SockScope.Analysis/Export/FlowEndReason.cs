namespace SockScope.Analysis.Export;

/// <summary>Why a flow record was exported: the values of IPFIX information element 136 (flowEndReason).</summary>
public enum FlowEndReason : byte
{
    /// <summary>No packet for the idle timeout.</summary>
    IdleTimeout = 1,
    /// <summary>The flow lasted the active timeout; it goes on in a new record.</summary>
    ActiveTimeout = 2,
    /// <summary>The end of the flow was seen (TCP FIN both ways or RST).</summary>
    EndOfFlowDetected = 3,
    /// <summary>The exporter stopped: the end of a file, Ctrl-C.</summary>
    ForcedEnd = 4,
    /// <summary>The flow table was full and this flow was the least recently used.</summary>
    LackOfResources = 5,
}
