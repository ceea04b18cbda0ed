using SockScope.Wire;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// One filter expression, compiled on first use for each link type it meets (a pcapng file can
/// mix link types; a pcap-filter program is specific to one).
/// </summary>
public sealed class FrameFilterSlot
{
    private readonly IFrameFilterCompiler _compiler;
    private readonly Dictionary<LinkType, IFrameFilter> _compiled = [];

    /// <summary>Wraps <paramref name="expression"/>; nothing is compiled yet.</summary>
    public FrameFilterSlot(string expression, IFrameFilterCompiler compiler)
    {
        Expression = expression;
        _compiler = compiler;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>Compiles now for <paramref name="linkType"/> so that a bad expression fails before any frame.</summary>
    public void Prepare(LinkType linkType) => Get(linkType);

    /// <summary>True when the frame passes.</summary>
    public bool Matches(in StatisticsFrame frame, ReadOnlySpan<byte> data) => Get(frame.LinkType).Matches(data, frame.WireLength);

    private IFrameFilter Get(LinkType linkType)
    {
        if (!_compiled.TryGetValue(linkType, out IFrameFilter? filter))
        {
            filter = _compiler.Compile(Expression, linkType);
            _compiled[linkType] = filter;
        }
        return filter;
    }
}
