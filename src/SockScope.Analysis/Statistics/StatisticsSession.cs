using System.Text;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// Runs a set of taps over a stream of frames: decodes each frame once, keeps tshark's relative
/// time (to the first frame) and elapsed time (the largest relative time), and prints the blocks
/// the way tshark does, the last spec given first.
/// </summary>
public sealed class StatisticsSession
{
    private readonly List<StatisticsTap> _taps;
    private DecodedPacket _decoded;
    private long _firstTimestamp;
    private long _frames;

    /// <summary>A session over <paramref name="taps"/> (in the order the specs were given).</summary>
    public StatisticsSession(IEnumerable<StatisticsTap> taps)
    {
        _taps = [.. taps];
        // tshark reads an IPv4 slot whose header says version 6 as IPv6.
        _decoded.DecodeIpv6UnderIpv4Type = true;
    }

    /// <summary>The taps, in the order given.</summary>
    public IReadOnlyList<StatisticsTap> Taps => _taps;

    /// <summary>Frames seen so far.</summary>
    public long Frames => _frames;

    /// <summary>The largest relative time seen (tshark's capture duration), in nanoseconds.</summary>
    public long ElapsedNanoseconds { get; private set; }

    /// <summary>
    /// Counts one frame: <paramref name="data"/> is what was captured, <paramref name="wireLength"/>
    /// its original length, <paramref name="timestampNanoseconds"/> its time since the epoch.
    /// </summary>
    public void Add(SockScope.Wire.LinkType linkType, ReadOnlySpan<byte> data, int wireLength, long timestampNanoseconds)
    {
        _frames++;
        if (_frames == 1) _firstTimestamp = timestampNanoseconds;
        long relative = timestampNanoseconds - _firstTimestamp;
        if (relative > ElapsedNanoseconds) ElapsedNanoseconds = relative;
        PacketDecoder.DecodeInto(linkType, data, ref _decoded);
        var frame = new StatisticsFrame(_frames, timestampNanoseconds, wireLength, linkType);
        foreach (StatisticsTap tap in _taps)
            tap.Add(frame, relative, data, _decoded);
    }

    /// <summary>All blocks, in tshark's order (the reverse of the order the specs were given).</summary>
    public string Render()
    {
        var output = new StringBuilder();
        for (int i = _taps.Count - 1; i >= 0; i--)
            _taps[i].Write(output, ElapsedNanoseconds);
        return output.ToString();
    }
}
