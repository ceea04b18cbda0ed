using SockScope.Wire;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// What every statistics tap knows about a frame besides its bytes and its decoding: its number
/// (1-based, as tshark counts), its capture time, its length on the wire and its link type.
/// </summary>
/// <param name="Number">The frame number, 1 for the first frame read.</param>
/// <param name="TimestampNanoseconds">Capture time, nanoseconds since the Unix epoch.</param>
/// <param name="WireLength">The frame's original length (tshark's frame.len); byte counts use it.</param>
/// <param name="LinkType">The frame's link type (pcapng files may mix them).</param>
public readonly record struct StatisticsFrame(long Number, long TimestampNanoseconds, int WireLength, LinkType LinkType);
