using System.Text;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// One `-z` block: it sees every frame once (after <see cref="StatisticsSession"/> has decoded it)
/// and prints its block at the end, in tshark's text.
/// </summary>
public abstract class StatisticsTap
{
    /// <summary>The spec this tap was made from, as the user typed it (e.g. "conv,tcp").</summary>
    public string Spec { get; }

    /// <summary>Creates a tap for <paramref name="spec"/>.</summary>
    protected StatisticsTap(string spec) => Spec = spec;

    /// <summary>
    /// Counts one frame. <paramref name="relativeNanoseconds"/> is the frame's time minus the first
    /// frame's (tshark's frame.time_relative; negative when the file goes back in time).
    /// </summary>
    public abstract void Add(in StatisticsFrame frame, long relativeNanoseconds, ReadOnlySpan<byte> data, in DecodedPacket decoded);

    /// <summary>
    /// Appends the block. <paramref name="elapsedNanoseconds"/> is the largest relative time seen
    /// (tshark's capture duration).
    /// </summary>
    public abstract void Write(StringBuilder output, long elapsedNanoseconds);
}
