namespace SockScope.Analysis.Flows;

/// <summary>Zeek's conn_state: a summary of how a connection went, from both endpoints' TCP (or UDP) states.</summary>
public enum ConnectionState : byte
{
    /// <summary>Other: none of the below (midstream traffic, ICMP, other protocols).</summary>
    OTH = 0,
    /// <summary>Connection attempt seen, no reply.</summary>
    S0,
    /// <summary>Connection established, not terminated.</summary>
    S1,
    /// <summary>Normal establishment and termination (UDP: both sides sent).</summary>
    SF,
    /// <summary>Connection attempt rejected (RST in reply to the SYN).</summary>
    REJ,
    /// <summary>Established, and close attempt by the originator seen (but no reply from the responder).</summary>
    S2,
    /// <summary>Established, and close attempt by the responder seen (but no reply from the originator).</summary>
    S3,
    /// <summary>Established, originator aborted (sent a RST).</summary>
    RSTO,
    /// <summary>Responder sent a RST.</summary>
    RSTR,
    /// <summary>Originator sent a SYN followed by a RST; no SYN-ACK from the responder.</summary>
    RSTOS0,
    /// <summary>Responder sent a SYN-ACK followed by a RST; no SYN from the (purported) originator.</summary>
    RSTRH,
    /// <summary>Originator sent a SYN followed by a FIN; no SYN-ACK from the responder (so "half" open).</summary>
    SH,
    /// <summary>Responder sent a SYN-ACK followed by a FIN; no SYN from the originator (UDP: only the responder sent).</summary>
    SHR,
}

/// <summary>The state of one TCP endpoint as Zeek tracks it.</summary>
public enum TcpEndpointState : byte
{
    /// <summary>Nothing sent yet.</summary>
    Inactive = 0,
    /// <summary>Sent a SYN.</summary>
    SynSent,
    /// <summary>Sent a SYN-ACK as originator (its SYN was not seen).</summary>
    SynAckSent,
    /// <summary>Seen only midstream (no SYN).</summary>
    Partial,
    /// <summary>Handshake done.</summary>
    Established,
    /// <summary>Sent a FIN.</summary>
    Closed,
    /// <summary>Sent a RST.</summary>
    Reset,
}

/// <summary>Why a flow left the table.</summary>
public enum FlowEndReason : byte
{
    /// <summary>Still in the table.</summary>
    None = 0,
    /// <summary>No packet for the protocol's inactivity timeout.</summary>
    IdleTimeout,
    /// <summary>The flow lasted longer than the active timeout (NetFlow's rule; a later packet starts a new flow).</summary>
    ActiveTimeout,
    /// <summary>TCP closed (both FINs, or a RST) and the close delay passed.</summary>
    TcpClosed,
    /// <summary>Evicted to stay under the maximum number of flows.</summary>
    Evicted,
    /// <summary>A new SYN reused the 5-tuple of a closed connection (Zeek's connection reuse).</summary>
    Reused,
    /// <summary>End of input (<see cref="FlowTable.Flush"/>).</summary>
    EndOfInput,
}
