namespace SockScope.Analysis.Export;

/// <summary>
/// Flow accounting for export: what the exporter needs from a flow table. Packets go in with
/// their capture time; records of expired flows come out through an <see cref="IFlowRecordSink"/>.
/// Kept small so that the table behind it can change without touching the exporter.
/// </summary>
public interface IFlowAccounting
{
    /// <summary>Counts one packet at <paramref name="timestampNanoseconds"/> (UNIX time).</summary>
    void Observe(in ExportPacket packet, long timestampNanoseconds);
    /// <summary>Exports the flows whose idle timeout or TCP end has passed at <paramref name="nowNanoseconds"/>.</summary>
    void Expire(long nowNanoseconds);
    /// <summary>Exports every flow (end of a file, Ctrl-C).</summary>
    void FlushAll();
    /// <summary>Flows in the table now.</summary>
    int ActiveFlows { get; }
    /// <summary>Flows forced out because the table was full.</summary>
    long FlowsEvicted { get; }
    /// <summary>Records handed to the sink.</summary>
    long RecordsExported { get; }
}
