namespace SockScope.Analysis.Defragmentation;

/// <summary>Counters of an <see cref="IpDefragmenter"/> since it was created.</summary>
public readonly record struct DefragmentationStatistics
{
    /// <summary>Fragments seen (IPv4 and IPv6).</summary>
    public long Fragments { get; init; }
    /// <summary>Datagrams completed.</summary>
    public long Reassembled { get; init; }
    /// <summary>Fragments ignored as exact duplicates.</summary>
    public long Duplicates { get; init; }
    /// <summary>Datagrams dropped because fragments overlapped.</summary>
    public long OverlapDrops { get; init; }
    /// <summary>Datagrams (or fragments) dropped as malformed.</summary>
    public long Invalid { get; init; }
    /// <summary>Incomplete datagrams dropped when their timeout passed.</summary>
    public long TimedOut { get; init; }
    /// <summary>Incomplete datagrams evicted (oldest first) to stay under <see cref="DefragmentationOptions.MaxBufferedBytes"/>.</summary>
    public long Evicted { get; init; }
    /// <summary>Incomplete datagrams held now.</summary>
    public int PendingDatagrams { get; init; }
    /// <summary>Bytes held now (buffer capacity, which is what memory costs).</summary>
    public long BufferedBytes { get; init; }
}
