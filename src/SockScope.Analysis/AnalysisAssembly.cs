namespace SockScope.Analysis;

/// <summary>Identifies the analysis assembly (defragmentation, reassembly, flows, statistics).</summary>
public static class AnalysisAssembly
{
    /// <summary>The assembly's name, as it appears in diagnostics.</summary>
    public const string Name = "SockScope.Analysis";
}
