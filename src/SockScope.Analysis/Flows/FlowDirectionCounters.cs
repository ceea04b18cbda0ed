using SockScope.Wire.Transport;

namespace SockScope.Analysis.Flows;

/// <summary>What one direction of a flow carried: the counters NetFlow/IPFIX export and conn.log need.</summary>
public struct FlowDirectionCounters
{
    /// <summary>Packets.</summary>
    public long Packets;
    /// <summary>Bytes of IP datagrams from their headers (Zeek's ip_bytes, IPFIX octetDeltaCount).</summary>
    public long IpBytes;
    /// <summary>Bytes on the wire (the frames' original lengths, link header included: what tshark's conversations count).</summary>
    public long WireBytes;
    /// <summary>Transport payload bytes from the headers, summed per packet (retransmissions included).</summary>
    public long PayloadBytes;
    /// <summary>All TCP flags seen, ORed (IPFIX tcpControlBits).</summary>
    public TcpFlags TcpFlags;
    /// <summary>Time of the first packet, ns since the epoch (0 when none).</summary>
    public long FirstTimestamp;
    /// <summary>Time of the last packet, ns since the epoch.</summary>
    public long LastTimestamp;

    internal void Count(int ipLength, int wireLength, int payloadLength, TcpFlags flags, long timestamp)
    {
        if (Packets == 0) FirstTimestamp = timestamp;
        Packets++;
        IpBytes += ipLength;
        WireBytes += wireLength;
        PayloadBytes += payloadLength;
        TcpFlags |= flags;
        LastTimestamp = timestamp;
    }
}
