using SockScope.Analysis;
using SockScope.Analysis.Reassembly;

namespace SockScope.Analysis.Tests.Reassembly;

/// <summary>Collects what a reassembler hands on, per direction, for assertions.</summary>
internal sealed class RecordingStreamHandler : ITcpStreamHandler
{
    public readonly List<byte>[] Data = [new(), new()];
    public readonly List<(FlowDirection Direction, long Offset, long Length)> Gaps = [];
    public readonly List<(FlowDirection Direction, TcpStreamEnd Reason)> Ends = [];
    public readonly List<(FlowDirection Direction, long Offset, int Length)> Chunks = [];

    public void OnData(FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data)
    {
        List<byte> list = Data[(int)direction];
        // Offsets count missed bytes too, so the delivered bytes plus gaps must reach exactly this offset.
        long expected = list.Count + Gaps.Where(g => g.Direction == direction).Sum(g => g.Length);
        Assert.Equal(expected, streamOffset);
        list.AddRange(data.ToArray());
        Chunks.Add((direction, streamOffset, data.Length));
        LastSpanStart = data.IsEmpty ? -1 : data[0];
    }

    public int LastSpanStart { get; private set; }

    public void OnGap(FlowDirection direction, long streamOffset, long length) => Gaps.Add((direction, streamOffset, length));

    public void OnEnd(FlowDirection direction, TcpStreamEnd reason) => Ends.Add((direction, reason));

    public string Text(FlowDirection direction) => System.Text.Encoding.ASCII.GetString(Data[(int)direction].ToArray());
}
