namespace SockScope.Wire;

/// <summary>
/// One captured packet that owns its bytes: what live capture and file readers hand to async code
/// (<c>IAsyncEnumerable&lt;CapturedPacket&gt;</c>). The zero-copy paths use ref-struct records instead.
/// </summary>
/// <param name="Data">The captured bytes (at most the snapshot length).</param>
/// <param name="OriginalLength">The packet's length on the wire; may exceed <c>Data.Length</c>.</param>
/// <param name="TimestampNanoseconds">Nanoseconds since the Unix epoch (UTC).</param>
/// <param name="LinkType">How the first header in <paramref name="Data"/> is to be read.</param>
/// <param name="InterfaceIndex">The interface the packet came from: the OS ifindex for live capture, the pcapng interface id for files (0 for pcap).</param>
public readonly record struct CapturedPacket(
    ReadOnlyMemory<byte> Data,
    int OriginalLength,
    long TimestampNanoseconds,
    LinkType LinkType,
    int InterfaceIndex)
{
    /// <summary>The timestamp as a <see cref="DateTimeOffset"/> (100 ns ticks, UTC).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);
}
