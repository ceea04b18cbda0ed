using System.Buffers.Binary;
using SockScope.Analysis;
using SockScope.Analysis.Defragmentation;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;
using SockScope.Wire;
using SockScope.Wire.Decoding;
using SockScope.Wire.Transport;

namespace SockScope.Files.Tests.Fuzzing;

/// <summary>
/// The analysis layer under the fuzzer. State lives across inputs on purpose, so mutated packets
/// meet each other's flows, fragments and streams: the whole pipeline (<see cref="TrafficAnalyzer"/>),
/// a defragmenter fed every IP layer directly, and a stream reassembler driven by the input bytes
/// read as (direction, flags, sequence, length) segments around a moving base. Small caps keep
/// memory bounded; the stream handler throws when delivered offsets are not contiguous.
/// </summary>
internal sealed class AnalysisFuzzTargets
{
    private readonly TrafficAnalyzer _analyzer = new(new TrafficAnalyzerOptions
    {
        Flows = new FlowTableOptions { MaxFlows = 512, TcpIdleTimeout = TimeSpan.FromSeconds(2), UdpIdleTimeout = TimeSpan.FromSeconds(1) },
        Reassembly = new TcpReassemblyOptions { MaxBufferedBytesPerDirection = 64 << 10, MaxBufferedSegmentsPerDirection = 64 },
        MaxReassemblyBytes = 1 << 20,
        Defragmentation = new DefragmentationOptions { MaxBufferedBytes = 1 << 20, Ipv4Timeout = TimeSpan.FromSeconds(1) },
    });
    private readonly IpDefragmenter _defragmenter = new(new DefragmentationOptions { MaxBufferedBytes = 1 << 20, MaxFragmentsPerDatagram = 32 });
    private readonly ContiguityCheck _check = new();
    private TcpStreamReassembler _reassembler = NewReassembler();
    private DecodedPacket _decoded;
    private DecodedPacket _reassembled;
    private long _time = 1_700_000_000_000_000_000;
    private uint _base = 0xFFFF_F000;
    private int _segments;

    public void Run(LinkType linkType, ReadOnlySpan<byte> data, int originalLength)
    {
        _time += 1_000_000;
        _analyzer.Process(data, linkType, _time, originalLength);
        PacketDecoder.DecodeInto(linkType, data, ref _decoded);
        for (int i = 0; i < _decoded.Count; i++)
        {
            Layer layer = _decoded[i];
            if (layer.Kind is not (LayerKind.Ipv4 or LayerKind.Ipv6)) continue;
            if (_defragmenter.Process(layer.From(data), _time, out ReadOnlySpan<byte> datagram) == DefragmentationResult.Reassembled)
                PacketDecoder.DecodeInto(LinkType.Raw, datagram, ref _reassembled);
            break;
        }
        FeedSegments(data);
        if ((_time / 1_000_000 & 1023) == 0) _analyzer.Finish(); // now and then, the end-of-input path too
    }

    private static TcpStreamReassembler NewReassembler() =>
        new(new TcpReassemblyOptions { MaxBufferedBytesPerDirection = 4096, MaxBufferedSegmentsPerDirection = 16 }, new ReassemblyBudget(1 << 16));

    /// <summary>Reads the bytes as segments: [dir|flags] [seq delta: int16] [ack delta: int16] [length] then the payload.</summary>
    private void FeedSegments(ReadOnlySpan<byte> data)
    {
        while (data.Length >= 6)
        {
            FlowDirection direction = (data[0] & 1) == 0 ? FlowDirection.Originator : FlowDirection.Responder;
            TcpFlags flags = (TcpFlags)(data[0] & 0x17); // FIN SYN RST ACK
            uint seq = _base + (uint)BinaryPrimitives.ReadInt16BigEndian(data[1..]);
            uint ack = _base + (uint)BinaryPrimitives.ReadInt16BigEndian(data[3..]);
            int length = Math.Min(data[5], data.Length - 6);
            _reassembler.Process(direction, seq, ack, flags, data.Slice(6, length), _check);
            data = data[(6 + length)..];
            _base += 97; // drift, so sequence numbers wrap every so often
            if (_reassembler.IsClosed || ++_segments % 5000 == 0)
            {
                _reassembler.Flush(_check);
                _reassembler = NewReassembler();
                _check.Reset();
            }
        }
    }

    /// <summary>Delivered data and gaps must tile each direction's stream exactly.</summary>
    private sealed class ContiguityCheck : ITcpStreamHandler
    {
        private readonly long[] _next = new long[2];
        private readonly bool[] _ended = new bool[2];

        public void Reset()
        {
            Array.Clear(_next);
            Array.Clear(_ended);
        }

        public void OnData(FlowDirection direction, long streamOffset, ReadOnlySpan<byte> data) => Advance(direction, streamOffset, data.Length);

        public void OnGap(FlowDirection direction, long streamOffset, long length) => Advance(direction, streamOffset, length);

        public void OnEnd(FlowDirection direction, TcpStreamEnd reason)
        {
            if (_ended[(int)direction]) throw new InvalidOperationException("a direction ended twice");
            _ended[(int)direction] = true;
        }

        private void Advance(FlowDirection direction, long offset, long length)
        {
            int d = (int)direction;
            if (_ended[d]) throw new InvalidOperationException("data after the end of a direction");
            if (length <= 0) throw new InvalidOperationException($"empty delivery at {offset}");
            // The first delivery may start anywhere (offset 0 is where tracking began); after that, no overlap and no jump.
            if (_next[d] != 0 && offset != _next[d]) throw new InvalidOperationException($"offset {offset}, expected {_next[d]}");
            _next[d] = offset + length;
        }
    }
}
