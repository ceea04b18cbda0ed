namespace SockScope.Net.Export;

/// <summary>
/// Carries finished flow export messages to one collector. Sending never blocks the caller for
/// long and never throws for a collector that is down, unreachable or slow: what could not be sent
/// is counted in <see cref="Counters"/>.
/// </summary>
public interface IExportTransport : IDisposable
{
    /// <summary>Where the messages go, for messages to people (scheme://host:port).</summary>
    string Name { get; }

    /// <summary>Hands over one message holding <paramref name="records"/> data records; the bytes are copied or sent before the call returns.</summary>
    void Send(ReadOnlySpan<byte> message, int records);

    /// <summary>
    /// True once after the collector may have lost the templates (a refused datagram, a new TCP
    /// connection): the exporter should put them in front of its next message.
    /// </summary>
    bool TakeTemplateRequest();

    /// <summary>What was sent and what was lost so far.</summary>
    ExportTransportCounters Counters { get; }

    /// <summary>Sends what is still queued, waiting at most <paramref name="drainTimeout"/>; what is left then is counted as lost.</summary>
    void Close(TimeSpan drainTimeout);
}
