using SockScope.Analysis;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Flows;
using SockScope.Files;

namespace SockScope.Cli;

/// <summary>
/// The body of `sockscope flows` for a file, callable in-process (tests and the corpus harness):
/// each record of the reader through the filter into a <see cref="TrafficAnalyzer"/>, each flow
/// that ends into the conn.log writer; at the end every remaining flow, then the summary.
/// </summary>
internal static class FlowsPipeline
{
    /// <summary>Runs a whole file; returns the analyzer (for its counters). With <paramref name="export"/>, every packet is also counted for flow export (--export). Throws <see cref="CaptureFileException"/> for a damaged file after logging the flows before the damage.</summary>
    public static TrafficAnalyzer Run(CaptureFileReader reader, TrafficAnalyzerOptions options, IPacketFilter? filter, ZeekConnLogWriter log,
        long count = 0, Func<bool>? stopRequested = null, FlowEndedHandler? flowEnded = null, FlowExportPipeline? export = null)
    {
        var analyzer = new TrafficAnalyzer(options);
        analyzer.FlowEnded += log.Write;
        if (flowEnded is not null) analyzer.FlowEnded += flowEnded;
        int cut = SnapshotCut.For(reader);
        long matched = 0;
        try
        {
            while (reader.TryRead(out CaptureRecord record))
            {
                ReadOnlySpan<byte> data = SnapshotCut.Apply(record.Data, cut);
                if (filter is not null && !filter.Matches(data, record.OriginalLength)) continue;
                analyzer.Process(data, record.LinkType, record.TimestampNanoseconds, record.OriginalLength);
                export?.OnFrame(record.LinkType, data, record.OriginalLength, record.TimestampNanoseconds);
                matched++;
                if (count > 0 && matched >= count) break;
                if (stopRequested is not null && (matched & 1023) == 0 && stopRequested()) break;
            }
        }
        finally
        {
            analyzer.Finish();
        }
        return analyzer;
    }

    /// <summary>The closing summary for standard error: packets, flows, and every cap that had to evict.</summary>
    public static IEnumerable<string> Summary(TrafficAnalyzer analyzer, TrafficAnalyzerOptions options)
    {
        TrafficAnalyzerStatistics s = analyzer.Statistics;
        FlowTableStatistics f = analyzer.Flows.Statistics;
        yield return $"{s.Frames} packets, {f.Created} flows ({s.NotIp} packets without IP, {s.Reassembled} datagrams reassembled from {s.Fragments} fragments)";
        if (f.Evicted > 0)
            yield return $"warning: {f.Evicted} flows evicted to stay under --max-flows {options.Flows.MaxFlows} (peak {f.Peak} flows)";
        var d = analyzer.Defragmenter.Statistics;
        if (d.Evicted > 0)
            yield return $"warning: {d.Evicted} incomplete datagrams evicted to stay under --max-fragment-mb {options.Defragmentation.MaxBufferedBytes >> 20}";
        if (analyzer.ReassemblyBudget.Evictions > 0)
            yield return $"warning: {analyzer.ReassemblyBudget.Evictions} stream holes given up early to stay under the reassembly caps " +
                         $"(--max-stream-kb {options.Reassembly.MaxBufferedBytesPerDirection >> 10}, --max-reassembly-mb {options.MaxReassemblyBytes >> 20}; peak {analyzer.ReassemblyBudget.PeakBytes} bytes held)";
    }
}
