namespace SockScope.Analysis.Export;

/// <summary>Receives the records of expired flows.</summary>
public interface IFlowRecordSink
{
    /// <summary>One record (unidirectional, or a biflow when the accounting was asked for biflows).</summary>
    void OnRecord(in FlowRecord record);
}
