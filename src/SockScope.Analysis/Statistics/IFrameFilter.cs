namespace SockScope.Analysis.Statistics;

/// <summary>
/// A frame predicate for `io,stat` columns. The analysis layer does not compile filters itself
/// (it stands on Wire only); the CLI hands in SockScope.Filter's pcap-filter programs through this.
/// </summary>
public interface IFrameFilter
{
    /// <summary>True when the frame (its captured bytes and original length) passes.</summary>
    bool Matches(ReadOnlySpan<byte> frame, int wireLength);
}

/// <summary>Compiles the filter text of an `io,stat` column for a link type.</summary>
public interface IFrameFilterCompiler
{
    /// <summary>
    /// Returns the filter for <paramref name="expression"/> on <paramref name="linkType"/>; throws
    /// <see cref="StatisticsSpecException"/> (or the compiler's own exception) for a bad expression.
    /// </summary>
    IFrameFilter Compile(string expression, SockScope.Wire.LinkType linkType);
}
