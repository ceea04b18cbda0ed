using System.Buffers;

namespace SockScope.Analysis.Reassembly;

/// <summary>
/// One direction of a TCP connection: sequence tracking, the out-of-order pieces waiting for a hole
/// to fill, and the counters a conn.log or a follow view needs. Owned by a <see cref="TcpStreamReassembler"/>.
/// </summary>
/// <remarks>
/// Sequence numbers are compared as signed 32-bit differences, so wrap-around is invisible; stream
/// offsets are 64-bit, so a direction may carry more than 4 GiB. Overlaps keep the bytes that
/// arrived first (tshark's rule), whether the earlier copy was delivered or is still held.
/// </remarks>
public sealed class TcpHalfStream
{
    private readonly FlowDirection _direction;
    private readonly TcpReassemblyOptions _options;
    private readonly ReassemblyBudget _budget;
    // Sorted by offset, never overlapping, every piece beyond NextOffset. Created on the first out-of-order segment.
    private List<Piece>? _pieces;
    private uint _nextSeq;
    private uint _finSeq;

    internal TcpHalfStream(FlowDirection direction, TcpReassemblyOptions options, ReassemblyBudget budget)
    {
        _direction = direction;
        _options = options;
        _budget = budget;
    }

    /// <summary>True once the initial sequence number is known (from a SYN, or from the first data or FIN segment mid-stream).</summary>
    public bool Started { get; private set; }
    /// <summary>True when tracking began at a SYN (so offset 0 is the first byte ever sent).</summary>
    public bool SawSyn { get; private set; }
    /// <summary>The sequence number of the SYN (or of the first byte seen when picked up mid-stream).</summary>
    public uint InitialSequence { get; private set; }
    /// <summary>The next sequence number expected in order.</summary>
    public uint NextSequence => _nextSeq;
    /// <summary>Stream offset of the next byte expected in order (delivered plus missed bytes).</summary>
    public long NextOffset { get; private set; }
    /// <summary>Bytes handed to <see cref="ITcpStreamHandler.OnData"/>.</summary>
    public long DeliveredBytes { get; private set; }
    /// <summary>Bytes given up as holes (Zeek's missed_bytes for this direction).</summary>
    public long MissedBytes { get; private set; }
    /// <summary>Payload bytes dropped because an earlier copy already covered them (retransmissions, overlaps).</summary>
    public long DuplicateBytes { get; private set; }
    /// <summary>Segments that arrived ahead of a hole and were held.</summary>
    public long OutOfOrderSegments { get; private set; }
    /// <summary>Times a cap forced this direction to give up a hole or refuse to buffer.</summary>
    public long Evictions { get; private set; }
    /// <summary>Out-of-order bytes held right now.</summary>
    public int BufferedBytes { get; private set; }
    /// <summary>Out-of-order pieces held right now.</summary>
    public int BufferedSegments => _pieces?.Count ?? 0;
    /// <summary>True once a FIN was seen (it may still wait for a hole before it).</summary>
    public bool FinSeen { get; private set; }
    /// <summary>How this direction ended; <see cref="TcpStreamEnd.None"/> while open.</summary>
    public TcpStreamEnd End { get; private set; }

    internal void Segment<THandler>(uint seq, bool syn, bool fin, ReadOnlySpan<byte> payload, THandler handler)
        where THandler : ITcpStreamHandler
    {
        if (End != TcpStreamEnd.None)
        {
            DuplicateBytes += payload.Length;
            return;
        }
        if (syn)
        {
            // A SYN (re)starts tracking only while nothing has been delivered; a late SYN with a new ISN is ignored.
            if (!Started || (!SawSyn && DeliveredBytes == 0 && MissedBytes == 0 && BufferedSegments == 0))
            {
                Started = true;
                SawSyn = true;
                InitialSequence = seq;
                _nextSeq = seq + 1;
            }
            seq++;
        }
        else if (!Started)
        {
            // Picked up mid-stream: only data or a FIN tells where the stream is (a pure ACK may be a keep-alive at nxt-1).
            if (payload.IsEmpty && !fin) return;
            Started = true;
            InitialSequence = seq;
            _nextSeq = seq;
        }

        if (fin && !FinSeen)
        {
            FinSeen = true;
            _finSeq = seq + (uint)payload.Length;
        }

        if (!payload.IsEmpty)
        {
            if (FinSeen && (int)(_finSeq - seq) < payload.Length)
            {
                // Nothing after the FIN is stream data.
                int keep = Math.Max(0, (int)(_finSeq - seq));
                DuplicateBytes += payload.Length - keep;
                payload = payload[..keep];
            }
            long rel = (int)(seq - _nextSeq);
            if (rel + payload.Length <= 0)
            {
                DuplicateBytes += payload.Length;
            }
            else if (rel <= 0)
            {
                int trim = (int)-rel;
                DuplicateBytes += trim;
                DeliverInOrder(payload[trim..], handler);
            }
            else
            {
                OutOfOrderSegments++;
                Hold(NextOffset + rel, payload, handler);
            }
        }
        CheckFin(handler);
    }

    /// <summary>The peer acknowledged up to <paramref name="ack"/>: bytes before it that were never seen are lost from the capture.</summary>
    internal void Acknowledged<THandler>(uint ack, THandler handler) where THandler : ITcpStreamHandler
    {
        if (!Started || End != TcpStreamEnd.None || !_options.SkipAcknowledgedHoles) return;
        int rel = (int)(ack - _nextSeq);
        if (FinSeen && (int)(ack - _finSeq) > 0) rel--; // the FIN's own sequence number is not a byte
        if (rel <= 0) return;
        long ackOffset = NextOffset + rel;
        while (_pieces is { Count: > 0 } && _pieces[0].Offset < ackOffset) SkipFirstHole(handler);
        if (NextOffset < ackOffset && BufferedSegments == 0) Skip(ackOffset - NextOffset, handler);
        CheckFin(handler);
    }

    /// <summary>Delivers everything held, giving up the holes between, and ends the direction with <paramref name="reason"/>.</summary>
    internal void Close<THandler>(TcpStreamEnd reason, THandler handler) where THandler : ITcpStreamHandler
    {
        if (End != TcpStreamEnd.None) return;
        while (BufferedSegments > 0) SkipFirstHole(handler);
        if (FinSeen && _nextSeq != _finSeq && (int)(_finSeq - _nextSeq) > 0)
        {
            // The FIN came after a hole that never filled.
            Skip((int)(_finSeq - _nextSeq), handler);
        }
        if (FinSeen && _nextSeq == _finSeq) reason = TcpStreamEnd.Fin;
        Finish(reason, handler);
    }

    /// <summary>Returns held buffers to the pool and the bytes to the budget.</summary>
    internal void ReleaseBuffers()
    {
        if (_pieces is null) return;
        foreach (Piece piece in _pieces) Free(piece);
        _pieces.Clear();
    }

    private void CheckFin<THandler>(THandler handler) where THandler : ITcpStreamHandler
    {
        if (FinSeen && End == TcpStreamEnd.None && _nextSeq == _finSeq) Finish(TcpStreamEnd.Fin, handler);
    }

    private void Finish<THandler>(TcpStreamEnd reason, THandler handler) where THandler : ITcpStreamHandler
    {
        ReleaseBuffers();
        if (reason == TcpStreamEnd.Fin) _nextSeq++;
        End = reason;
        handler.OnEnd(_direction, reason);
    }

    /// <summary>
    /// Delivers <paramref name="data"/> (which starts at NextOffset) interleaved with held pieces:
    /// where a held piece overlaps it, the held piece arrived first and wins.
    /// </summary>
    private void DeliverInOrder<THandler>(ReadOnlySpan<byte> data, THandler handler) where THandler : ITcpStreamHandler
    {
        long dataOffset = NextOffset;
        long end = dataOffset + data.Length;
        long fromData = 0;
        while (true)
        {
            DrainHeld(handler);
            if (NextOffset >= end) break;
            long limit = _pieces is { Count: > 0 } ? Math.Min(end, _pieces[0].Offset) : end;
            fromData += limit - NextOffset;
            Emit(data[(int)(NextOffset - dataOffset)..(int)(limit - dataOffset)], handler);
        }
        DuplicateBytes += data.Length - fromData;
    }

    /// <summary>Delivers held pieces that start at or before NextOffset.</summary>
    private void DrainHeld<THandler>(THandler handler) where THandler : ITcpStreamHandler
    {
        List<Piece>? pieces = _pieces;
        if (pieces is null) return;
        while (pieces.Count > 0 && pieces[0].Offset <= NextOffset)
        {
            Piece piece = pieces[0];
            pieces.RemoveAt(0);
            long skip = NextOffset - piece.Offset;
            if (skip < piece.Length) Emit(piece.Buffer.AsSpan((int)skip, piece.Length - (int)skip), handler);
            Free(piece);
        }
    }

    private void Emit<THandler>(ReadOnlySpan<byte> data, THandler handler) where THandler : ITcpStreamHandler
    {
        if (data.IsEmpty) return;
        handler.OnData(_direction, NextOffset, data);
        NextOffset += data.Length;
        DeliveredBytes += data.Length;
        _nextSeq += (uint)data.Length;
    }

    private void Skip<THandler>(long length, THandler handler) where THandler : ITcpStreamHandler
    {
        handler.OnGap(_direction, NextOffset, length);
        NextOffset += length;
        MissedBytes += length;
        _nextSeq += (uint)length;
    }

    /// <summary>Gives up the hole before the first held piece and delivers what then becomes contiguous.</summary>
    private void SkipFirstHole<THandler>(THandler handler) where THandler : ITcpStreamHandler
    {
        long gap = _pieces![0].Offset - NextOffset;
        if (gap > 0) Skip(gap, handler);
        DrainHeld(handler);
    }

    /// <summary>Holds an out-of-order segment at <paramref name="offset"/>, keeping earlier copies where it overlaps held pieces.</summary>
    private void Hold<THandler>(long offset, ReadOnlySpan<byte> data, THandler handler) where THandler : ITcpStreamHandler
    {
        List<Piece> pieces = _pieces ??= new List<Piece>(8);
        long end = offset + data.Length;
        long cur = offset;
        int index = FirstEndingAfter(offset);
        while (cur < end)
        {
            if (index < pieces.Count && pieces[index].Offset <= cur)
            {
                long covered = Math.Min(end, pieces[index].End) - cur;
                if (covered > 0) { DuplicateBytes += covered; cur += covered; }
                index++;
                continue;
            }
            long gapEnd = index < pieces.Count ? Math.Min(end, pieces[index].Offset) : end;
            int length = (int)(gapEnd - cur);
            bool evicted = false;
            while (!Fits(length))
            {
                if (!evicted)
                {
                    evicted = true;
                    Evictions++;
                    _budget.CountEviction();
                }
                if (pieces.Count > 0 && pieces[0].Offset <= cur)
                {
                    // Give up the oldest hole; the pieces after it up to cur become in order.
                    SkipFirstHole(handler);
                    if (cur <= NextOffset)
                    {
                        DeliverInOrder(data[(int)Math.Min(NextOffset - offset, data.Length)..], handler);
                        return;
                    }
                }
                else
                {
                    // Nothing older to give up: skip the hole up to this data and deliver it directly.
                    if (cur > NextOffset) Skip(cur - NextOffset, handler);
                    DeliverInOrder(data[(int)(cur - offset)..], handler);
                    return;
                }
            }
            index = FirstEndingAfter(cur);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            data.Slice((int)(cur - offset), length).CopyTo(buffer);
            pieces.Insert(index, new Piece(cur, buffer, length));
            BufferedBytes += length;
            index++;
            cur = gapEnd;
        }
    }

    /// <summary>True, with the bytes taken from the budget, when <paramref name="length"/> more bytes may be held.</summary>
    private bool Fits(int length) =>
        BufferedBytes + (long)length <= _options.MaxBufferedBytesPerDirection
        && BufferedSegments < _options.MaxBufferedSegmentsPerDirection
        && _budget.TryReserve(length);

    private int FirstEndingAfter(long offset)
    {
        List<Piece> pieces = _pieces!;
        int lo = 0, hi = pieces.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (pieces[mid].End <= offset) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void Free(Piece piece)
    {
        BufferedBytes -= piece.Length;
        _budget.Release(piece.Length);
        ArrayPool<byte>.Shared.Return(piece.Buffer);
    }

    private readonly record struct Piece(long Offset, byte[] Buffer, int Length)
    {
        public long End => Offset + Length;
    }
}
