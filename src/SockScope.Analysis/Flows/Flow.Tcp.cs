using SockScope.Wire.Transport;

namespace SockScope.Analysis.Flows;

public sealed partial class Flow
{
    // Bits for the once-only history letters, per direction.
    private const int OnceAck = 2, OnceData = 4, OnceInconsistent = 6, OnceMultiFlag = 8;

    private void UpdateTcp(bool orig, in FlowPacket packet)
    {
        ref TcpEndpointTracker endpoint = ref orig ? ref TcpOriginator : ref TcpResponder;
        ref TcpEndpointTracker peer = ref orig ? ref TcpResponder : ref TcpOriginator;
        TcpFlags flags = packet.TcpFlags;
        bool syn = (flags & TcpFlags.Syn) != 0, ack = (flags & TcpFlags.Ack) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0, rst = (flags & TcpFlags.Rst) != 0;
        int length = packet.PayloadLength;
        uint seq = packet.Sequence;
        int side = orig ? 0 : 1;

        bool retransmission = endpoint.TrackSequence(seq, length, flags);
        UpdateState(ref endpoint, ref peer, orig, syn, ack, fin, rst, length);

        // History (Zeek's letters; upper case originator, lower case responder).
        if (syn && (fin || rst))
        {
            HistoryLetters.AddOnce(orig ? 'Q' : 'q', OnceMultiFlag + side);
        }
        else
        {
            if (syn && ack)
            {
                if (!endpoint.HaveSynAck || endpoint.LastSynAckSequence != seq) HistoryLetters.Add(orig ? 'H' : 'h');
                endpoint.HaveSynAck = true;
                endpoint.LastSynAckSequence = seq;
            }
            else if (syn)
            {
                if (!endpoint.HaveSyn || endpoint.LastSynSequence != seq) HistoryLetters.Add(orig ? 'S' : 's');
                endpoint.HaveSyn = true;
                endpoint.LastSynSequence = seq;
            }
            if (fin && rst)
            {
                HistoryLetters.AddOnce(orig ? 'I' : 'i', OnceInconsistent + side);
            }
            else
            {
                if (fin)
                {
                    if (!endpoint.HaveFin || endpoint.LastFinSequence != seq) HistoryLetters.Add(orig ? 'F' : 'f');
                    endpoint.HaveFin = true;
                    endpoint.LastFinSequence = seq;
                }
                if (rst)
                {
                    if (!endpoint.HaveRst || endpoint.LastRstSequence != seq) HistoryLetters.Add(orig ? 'R' : 'r');
                    endpoint.HaveRst = true;
                    endpoint.LastRstSequence = seq;
                }
            }
        }
        if (length > 0)
        {
            HistoryLetters.AddOnce(orig ? 'D' : 'd', OnceData + side);
            if (retransmission && endpoint.Retransmissions.Tick()) HistoryLetters.Add(orig ? 'T' : 't');
        }
        else if (ack && !syn && !fin && !rst)
        {
            HistoryLetters.AddOnce(orig ? 'A' : 'a', OnceAck + side);
        }
        if (packet.Window == 0 && !syn && !rst && !fin && endpoint.ZeroWindows.Tick()) HistoryLetters.Add(orig ? 'W' : 'w');
    }

    /// <summary>Zeek's endpoint state machine, reduced to the transitions conn_state depends on.</summary>
    private static void UpdateState(ref TcpEndpointTracker endpoint, ref TcpEndpointTracker peer, bool orig, bool syn, bool ack, bool fin, bool rst, int length)
    {
        TcpEndpointState before = endpoint.State;
        if (rst)
        {
            endpoint.State = TcpEndpointState.Reset;
        }
        else
        {
            if (syn)
            {
                if (endpoint.State == TcpEndpointState.Inactive)
                {
                    if (orig)
                    {
                        endpoint.State = ack ? TcpEndpointState.SynAckSent : TcpEndpointState.SynSent;
                    }
                    else if (ack)
                    {
                        endpoint.State = TcpEndpointState.Established;
                        if (peer.State is TcpEndpointState.SynSent or TcpEndpointState.SynAckSent) peer.State = TcpEndpointState.Established;
                    }
                    else
                    {
                        endpoint.State = TcpEndpointState.SynSent; // simultaneous open
                    }
                }
                else if (endpoint.State == TcpEndpointState.SynSent && ack && !orig)
                {
                    endpoint.State = TcpEndpointState.Established;
                    if (peer.State is TcpEndpointState.SynSent or TcpEndpointState.SynAckSent) peer.State = TcpEndpointState.Established;
                }
            }
            if (fin)
            {
                if (endpoint.State != TcpEndpointState.Closed) endpoint.State = TcpEndpointState.Closed;
            }
            else if (!syn)
            {
                switch (endpoint.State)
                {
                    case TcpEndpointState.Inactive:
                        endpoint.State = TcpEndpointState.Partial;
                        break;
                    case TcpEndpointState.SynSent or TcpEndpointState.SynAckSent when ack || length > 0:
                        endpoint.State = TcpEndpointState.Established;
                        break;
                }
            }
        }
        if (endpoint.State != before) endpoint.PreviousState = before;
    }

    /// <summary>Zeek's conn_state for TCP, from both endpoint states (base/protocols/conn/main.zeek).</summary>
    private ConnectionState TcpConnectionState()
    {
        TcpEndpointState os = TcpOriginator.State, rs = TcpResponder.State;
        bool oInactive = os is TcpEndpointState.Inactive or TcpEndpointState.Partial;
        bool rInactive = rs is TcpEndpointState.Inactive or TcpEndpointState.Partial;
        if (rs == TcpEndpointState.Reset)
        {
            if (os is TcpEndpointState.SynSent or TcpEndpointState.SynAckSent
                || (os == TcpEndpointState.Reset && OriginatorBytes == 0 && ResponderBytes == 0))
                return ConnectionState.REJ;
            return oInactive ? ConnectionState.RSTRH : ConnectionState.RSTR;
        }
        if (os == TcpEndpointState.Reset)
        {
            if (rInactive) return IsSynThenReset() ? ConnectionState.RSTOS0 : ConnectionState.OTH;
            return ConnectionState.RSTO;
        }
        if (rs == TcpEndpointState.Closed && os == TcpEndpointState.Closed) return ConnectionState.SF;
        if (os == TcpEndpointState.Closed) return rInactive ? ConnectionState.SH : ConnectionState.S2;
        if (rs == TcpEndpointState.Closed) return oInactive ? ConnectionState.SHR : ConnectionState.S3;
        if (os == TcpEndpointState.SynSent && rs == TcpEndpointState.Inactive) return ConnectionState.S0;
        if (os == TcpEndpointState.Established && rs == TcpEndpointState.Established) return ConnectionState.S1;
        return ConnectionState.OTH;
    }

    /// <summary>Zeek's test for RSTOS0: the history matches ^?S[^HAFGIQ]*R (a SYN, then a RST, with no handshake, ack, FIN, gap or odd flags between).</summary>
    private bool IsSynThenReset()
    {
        ReadOnlySpan<byte> h = HistoryLetters.AsSpan();
        int i = 0;
        if (i < h.Length && h[i] == '^') i++;
        if (i >= h.Length || h[i] != 'S') return false;
        for (i++; i < h.Length; i++)
        {
            byte c = h[i];
            if (c == 'R') return true;
            if (c is (byte)'H' or (byte)'A' or (byte)'F' or (byte)'G' or (byte)'I' or (byte)'Q') return false;
        }
        return false;
    }
}
