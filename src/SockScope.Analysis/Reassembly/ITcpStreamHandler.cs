namespace SockScope.Analysis.Reassembly;

/// <summary>
/// Receives what a <see cref="TcpStreamReassembler"/> makes of the segments it is fed: in-order
/// bytes, holes that will never fill, and the end of each direction. Calls happen synchronously
/// inside <see cref="TcpStreamReassembler.Process{THandler}(FlowDirection, SockScope.Wire.Transport.TcpSegment, THandler)"/> and <see cref="TcpStreamReassembler.Flush{THandler}"/>.
/// </summary>
public interface ITcpStreamHandler
{
    /// <summary>
    /// The next in-order bytes of one direction. <paramref name="data"/> points into the caller's
    /// packet (or, after a gap closed, into the reassembler's buffer): it is valid only during the
    /// call, so copy what must be kept.
    /// </summary>
    /// <param name="direction">Which direction of the connection the bytes flowed in.</param>
    /// <param name="streamOffset">Offset of <paramref name="data"/>[0] in that direction's byte stream (0 = first byte after the SYN, or the first byte seen when picked up mid-stream); holes count.</param>
    /// <param name="data">The bytes.</param>
    void OnData(FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data);

    /// <summary>
    /// A hole the reassembler gave up on (the peer acknowledged past it, the stream ended or a
    /// memory cap forced it): <paramref name="length"/> bytes at <paramref name="streamOffset"/>
    /// were never seen. Summed, these are Zeek's <c>missed_bytes</c>.
    /// </summary>
    /// <param name="direction">Which direction the missing bytes belong to.</param>
    /// <param name="streamOffset">Offset of the first missing byte.</param>
    /// <param name="length">Number of missing bytes.</param>
    void OnGap(FlowDirection direction, long streamOffset, long length);

    /// <summary>One direction is finished; no further calls for it follow.</summary>
    /// <param name="direction">The direction that ended.</param>
    /// <param name="reason">How it ended.</param>
    void OnEnd(FlowDirection direction, TcpStreamEnd reason);
}
