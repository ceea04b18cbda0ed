namespace SockScope.Net.Export;

/// <summary>
/// The running counts behind <see cref="ExportTransportCounters"/>, kept the same way by every
/// transport. Not thread-safe: a transport that sends from another thread updates and reads it
/// under its own lock.
/// </summary>
internal sealed class ExportTally
{
    private long _sent, _recordsSent, _lost, _recordsLost, _failures, _connections;

    /// <summary>Messages counted as sent so far.</summary>
    public long MessagesSent => _sent;

    /// <summary>Counts a message handed to the kernel, with its <paramref name="records"/> data records.</summary>
    public void Sent(int records)
    {
        _sent++;
        _recordsSent += records;
    }

    /// <summary>Counts a message that could not be sent, with its <paramref name="records"/> data records.</summary>
    public void Lost(int records)
    {
        _lost++;
        _recordsLost += records;
    }

    /// <summary>Moves a message already counted as sent to the lost ones (a UDP datagram the collector's host refused).</summary>
    public void SentThenLost(int records)
    {
        _sent--;
        _recordsSent -= records;
        Lost(records);
    }

    /// <summary>Counts a send failure (an error from the kernel, a refused datagram, a broken connection).</summary>
    public void Failure() => _failures++;

    /// <summary>Counts a connection made (TCP).</summary>
    public void Connection() => _connections++;

    /// <summary>The counts as they are now.</summary>
    public ExportTransportCounters Snapshot() => new()
    {
        MessagesSent = _sent,
        RecordsSent = _recordsSent,
        MessagesLost = _lost,
        RecordsLost = _recordsLost,
        SendFailures = _failures,
        Connections = _connections,
    };
}
