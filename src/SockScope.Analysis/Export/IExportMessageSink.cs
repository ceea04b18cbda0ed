namespace SockScope.Analysis.Export;

/// <summary>Receives each finished export message (a transport sends it; a test keeps it).</summary>
public interface IExportMessageSink
{
    /// <summary>
    /// One complete IPFIX message or NetFlow v9 packet. <paramref name="message"/> is valid only
    /// during the call. <paramref name="dataRecords"/> counts its flow and options data records.
    /// </summary>
    void OnMessage(ReadOnlySpan<byte> message, int dataRecords);
}
