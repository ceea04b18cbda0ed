using SockScope.Analysis;
using SockScope.Analysis.ConnLog;
using SockScope.Analysis.Flows;
using SockScope.Files;
using SockScope.TestSupport;

namespace SockScope.Cli.Tests;

/// <summary>A fact that needs the corpus and some reference tools; skipped, with the reason, otherwise.</summary>
internal sealed class CorpusToolsFactAttribute : FactAttribute
{
    public CorpusToolsFactAttribute(params string[] tools)
    {
        if (Corpus.Directory is null) Skip = "needs ../shared/corpus (or SOCKSCOPE_CORPUS)";
        else if (tools.FirstOrDefault(t => Tools.Find(t) is null) is { } missing) Skip = $"needs {missing}";
    }
}

/// <summary>Runs `flows` in-process and keeps the flows as they end.</summary>
internal static class FlowsRun
{
    public static (List<Flow> Flows, TrafficAnalyzer Analyzer, string Log) File(string path, TrafficAnalyzerOptions? options = null,
        ZeekLogFormat format = ZeekLogFormat.Tsv, string filter = "")
    {
        using CaptureFileReader reader = CaptureFileReader.Open(path);
        var output = new MemoryStream();
        var log = new ZeekConnLogWriter(output, format, uidSeed: 7);
        log.WriteHeader(DateTimeOffset.UnixEpoch);
        var flows = new List<Flow>();
        IPacketFilter? compiled = PacketFilterAdapter.Compile(filter, reader.LinkType, reader.SnapLength);
        TrafficAnalyzer analyzer = FlowsPipeline.Run(reader, options ?? TrafficAnalyzerOptions.Default, compiled, log, flowEnded: flows.Add);
        log.WriteFooter(DateTimeOffset.UnixEpoch);
        return (flows, analyzer, System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }
}
