using SockScope.Wire.Transport;

namespace SockScope.Analysis.Flows;

/// <summary>Zeek's view of one TCP endpoint: state, sequence space (for orig_bytes/resp_bytes) and history bookkeeping.</summary>
internal struct TcpEndpointTracker
{
    public TcpEndpointState State;
    public TcpEndpointState PreviousState;
    public bool SequenceKnown;
    public bool SawSyn;
    public bool SawFin;
    /// <summary>The SYN's sequence number, or (midstream) the first sequence number minus one, as if a SYN had been seen.</summary>
    public uint StartSequence;
    /// <summary>Highest sequence number one past a segment (SYN and FIN count one each).</summary>
    public uint LastSequence;
    /// <summary><see cref="LastSequence"/> minus <see cref="StartSequence"/> in 64 bits: wrap-around is counted.</summary>
    public long LastRelative;
    public uint LastSynSequence, LastSynAckSequence, LastFinSequence, LastRstSequence;
    public bool HaveSyn, HaveSynAck, HaveFin, HaveRst;
    public LogScaleCounter Retransmissions, ZeroWindows, Gaps;

    /// <summary>Payload bytes from sequence numbers, as Zeek's TCP_Endpoint::Size computes them.</summary>
    public readonly long Size(in TcpEndpointTracker peer)
    {
        if (!SequenceKnown) return 0;
        // A half-open attempt aborted with a RST: its sequence numbers say nothing about data.
        if (PreviousState == TcpEndpointState.SynSent && State == TcpEndpointState.Reset && peer.State == TcpEndpointState.Inactive) return 0;
        long size = LastRelative;
        if (size != 0) size--;            // the SYN's sequence number (real or assumed)
        if (SawFin && size != 0) size--;  // the FIN's
        return Math.Max(0, size);
    }

    /// <summary>Tracks the sequence space; true when the segment's payload was seen before (a retransmission).</summary>
    public bool TrackSequence(uint seq, int payloadLength, TcpFlags flags)
    {
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0;
        if (!SequenceKnown)
        {
            SequenceKnown = true;
            SawSyn = syn;
            StartSequence = syn ? seq : seq - 1;
            LastSequence = syn ? seq : seq;
            LastRelative = LastSequence - StartSequence;
        }
        else if (syn && !SawSyn && LastRelative <= 1)
        {
            // The SYN arrived after a stray first packet: restart the sequence space at it.
            SawSyn = true;
            StartSequence = seq;
            LastSequence = seq;
            LastRelative = 0;
        }
        bool retransmission = payloadLength > 0 && (int)(seq - LastSequence) < 0 && !syn;
        uint end = seq + (uint)payloadLength + (syn ? 1u : 0u) + (fin ? 1u : 0u);
        if ((flags & TcpFlags.Rst) == 0)
        {
            int advance = (int)(end - LastSequence);
            if (advance > 0)
            {
                LastSequence = end;
                LastRelative += advance;
            }
        }
        if (fin) SawFin = true;
        return retransmission;
    }
}
