namespace SockScope.Analysis.Reassembly;

/// <summary>Limits and policies for TCP reassembly; one instance may be shared by every stream.</summary>
public sealed class TcpReassemblyOptions
{
    /// <summary>The defaults: 4 MiB and 2048 held segments per direction, holes skipped when acknowledged.</summary>
    public static TcpReassemblyOptions Default { get; } = new();

    /// <summary>
    /// Most out-of-order bytes one direction may hold while it waits for a hole to fill (default 4 MiB).
    /// Beyond it the oldest hole is given up (reported through <see cref="ITcpStreamHandler.OnGap"/>) and counted as an eviction.
    /// </summary>
    public int MaxBufferedBytesPerDirection { get; init; } = 4 << 20;

    /// <summary>Most out-of-order pieces one direction may hold (default 2048); bounds bookkeeping for many tiny segments.</summary>
    public int MaxBufferedSegmentsPerDirection { get; init; } = 2048;

    /// <summary>
    /// When the peer acknowledges data that was never seen, the capture lost it (the sender will
    /// not send it again): give up the hole at once and count it as missed (Zeek's behaviour).
    /// When false, holes wait for a FIN, a RST, a cap or <see cref="TcpStreamReassembler.Flush{THandler}"/>
    /// (tshark's follow behaviour). Default true.
    /// </summary>
    public bool SkipAcknowledgedHoles { get; init; } = true;
}
