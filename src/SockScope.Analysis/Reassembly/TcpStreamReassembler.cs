using SockScope.Wire.Transport;

namespace SockScope.Analysis.Reassembly;

/// <summary>
/// Reassembles both directions of one TCP connection into in-order byte streams. Feed it every
/// segment of the connection with its direction; it calls an <see cref="ITcpStreamHandler"/> with
/// in-order data (a span into the caller's packet when the segment was in order, so in-order
/// traffic is never copied), with holes it gave up (missed bytes) and with the end of each direction.
/// </summary>
/// <remarks>
/// Tracking starts at the SYN, or mid-stream at the first segment that carries data or a FIN.
/// Retransmitted and overlapping bytes keep the first copy seen. Out-of-order segments are held
/// (copied into pooled buffers) until the hole before them fills, the peer acknowledges past it,
/// a FIN/RST or <see cref="Flush{THandler}"/> ends the stream, or a cap in
/// <see cref="TcpReassemblyOptions"/> / the shared <see cref="ReassemblyBudget"/> forces the hole
/// to be given up (counted in <see cref="TcpHalfStream.Evictions"/>). Not thread-safe.
/// </remarks>
public sealed class TcpStreamReassembler
{
    /// <summary>Creates a reassembler for one connection.</summary>
    /// <param name="options">Caps and policies (null: <see cref="TcpReassemblyOptions.Default"/>).</param>
    /// <param name="budget">A byte budget shared with other reassemblers (null: unlimited, only the per-direction caps apply).</param>
    public TcpStreamReassembler(TcpReassemblyOptions? options = null, ReassemblyBudget? budget = null)
    {
        options ??= TcpReassemblyOptions.Default;
        budget ??= ReassemblyBudget.Unlimited();
        Originator = new TcpHalfStream(FlowDirection.Originator, options, budget);
        Responder = new TcpHalfStream(FlowDirection.Responder, options, budget);
    }

    /// <summary>The originator-to-responder direction.</summary>
    public TcpHalfStream Originator { get; }

    /// <summary>The responder-to-originator direction.</summary>
    public TcpHalfStream Responder { get; }

    /// <summary>The direction <paramref name="direction"/> names.</summary>
    public TcpHalfStream this[FlowDirection direction] => direction == FlowDirection.Originator ? Originator : Responder;

    /// <summary>True when both directions have ended.</summary>
    public bool IsClosed => Originator.End != TcpStreamEnd.None && Responder.End != TcpStreamEnd.None;

    /// <summary>Feeds one decoded segment.</summary>
    /// <param name="direction">The direction the segment travelled in.</param>
    /// <param name="segment">The segment (its <see cref="TcpSegment.Payload"/> must already exclude link padding, as a segment created over the IP payload does).</param>
    /// <param name="handler">Receives the data, holes and ends this segment releases.</param>
    public void Process<THandler>(FlowDirection direction, TcpSegment segment, THandler handler) where THandler : ITcpStreamHandler =>
        Process(direction, segment.SequenceNumber, segment.AcknowledgmentNumber, segment.Flags, segment.Payload, handler);

    /// <summary>Feeds one segment given by its fields.</summary>
    /// <param name="direction">The direction the segment travelled in.</param>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="acknowledgment">The acknowledgment number (used only when <paramref name="flags"/> has ACK).</param>
    /// <param name="flags">The TCP flags.</param>
    /// <param name="payload">The segment's data; it is read during the call and never kept.</param>
    /// <param name="handler">Receives the data, holes and ends this segment releases.</param>
    public void Process<THandler>(FlowDirection direction, uint sequence, uint acknowledgment, TcpFlags flags, ReadOnlySpan<byte> payload, THandler handler)
        where THandler : ITcpStreamHandler
    {
        TcpHalfStream sender = this[direction];
        TcpHalfStream receiver = this[direction == FlowDirection.Originator ? FlowDirection.Responder : FlowDirection.Originator];
        if ((flags & TcpFlags.Rst) != 0)
        {
            // Data on a RST is a diagnostic, not stream content; the connection is over both ways.
            sender.Close(TcpStreamEnd.Reset, handler);
            receiver.Close(TcpStreamEnd.Reset, handler);
            return;
        }
        sender.Segment(sequence, (flags & TcpFlags.Syn) != 0, (flags & TcpFlags.Fin) != 0, payload, handler);
        if ((flags & TcpFlags.Ack) != 0) receiver.Acknowledged(acknowledgment, handler);
    }

    /// <summary>
    /// Ends both directions now (end of input, flow expiry): held data is delivered past its holes,
    /// which are reported as gaps; a direction whose FIN was reached ends with <see cref="TcpStreamEnd.Fin"/>,
    /// any other with <see cref="TcpStreamEnd.Flushed"/>.
    /// </summary>
    public void Flush<THandler>(THandler handler) where THandler : ITcpStreamHandler
    {
        Originator.Close(TcpStreamEnd.Flushed, handler);
        Responder.Close(TcpStreamEnd.Flushed, handler);
    }

    /// <summary>Drops held data without delivering it and returns its buffers (for a flow that is discarded).</summary>
    public void Release()
    {
        Originator.ReleaseBuffers();
        Responder.ReleaseBuffers();
    }
}
