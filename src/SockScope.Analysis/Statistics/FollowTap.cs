using System.Globalization;
using System.Text;
using SockScope.Wire.Decoding;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// `-z follow,tcp|udp,MODE,N` (or an ADDR:PORT pair): the data of one stream, each direction's
/// chunks in the order tshark shows them. The stream number is tshark's (see <see cref="StreamIndexer"/>).
/// UDP: one chunk per datagram. TCP: <see cref="TsharkFollowTcp"/> orders the segments the way
/// tshark's follow does (retransmitted bytes dropped, out-of-order segments held until the gap
/// closes or the other side acknowledges past it, which inserts tshark's "[N bytes missing in
/// capture file]" chunk).
/// </summary>
public sealed class FollowTap : StatisticsTap
{
    private readonly bool _tcp;
    private readonly FollowMode _mode;
    private readonly int _stream;
    private readonly FollowEndpoint? _a, _b;
    private readonly StreamIndexer _indexer = new();
    private readonly TsharkFollowTcp _follow = new();
    private readonly FragmentPorts _fragments = new();

    internal FollowTap(string spec, bool tcp, FollowMode mode, int stream, FollowEndpoint? a, FollowEndpoint? b) : base(spec)
    {
        _tcp = tcp;
        _mode = mode;
        _stream = stream;
        _a = a;
        _b = b;
    }

    /// <summary>The chunks collected so far, in print order.</summary>
    public IReadOnlyList<FollowChunk> Chunks => _follow.Chunks;

    /// <inheritdoc />
    public override void Add(in StatisticsFrame frame, long relativeNanoseconds, ReadOnlySpan<byte> data, in DecodedPacket decoded)
    {
        var walker = new FrameWalker(data, decoded, _fragments);
        while (walker.MoveNext())
        {
            ref readonly TransportView view = ref walker.Current;
            if (_tcp && view.Kind == ViewKind.Tcp && !view.Reassembled)
            {
                bool syn = (view.Flags & TcpFlags.Syn) != 0, ack = (view.Flags & TcpFlags.Ack) != 0;
                int stream = _indexer.StreamOf(view.Pair, tcp: true, syn, ack, view.Sequence);
                if (Selected(stream, view.Pair))
                    _follow.Segment(view.Pair, syn, ack, view.Sequence, view.Acknowledgment, view.SegmentLength, view.Payload, frame.Number);
            }
            else if (!_tcp && view.Kind == ViewKind.Udp)
            {
                int stream = _indexer.StreamOf(view.Pair, tcp: false, false, false, 0);
                // tshark's UDP follow sees only datagrams that carry data (an empty one names no nodes).
                if (Selected(stream, view.Pair) && !view.Payload.IsEmpty) _follow.Datagram(view.Pair, view.Payload, frame.Number);
            }
        }
    }

    private bool Selected(int stream, AddressPair pair)
    {
        if (_a is not { } a || _b is not { } b) return stream == _stream;
        return (pair.Source == a.Address && pair.SourcePort == a.Port && pair.Destination == b.Address && pair.DestinationPort == b.Port)
            || (pair.Source == b.Address && pair.SourcePort == b.Port && pair.Destination == a.Address && pair.DestinationPort == a.Port);
    }

    /// <inheritdoc />
    public override void Write(StringBuilder output, long elapsedNanoseconds)
    {
        const string Separator = "===================================================================\n";
        string proto = _tcp ? "tcp" : "udp";
        output.Append('\n').Append(Separator);
        output.Append("Follow: ").Append(proto).Append(',').Append(_mode switch { FollowMode.Ascii => "ascii", FollowMode.Hex => "hex", _ => "raw" }).Append('\n');
        output.Append("Filter: ").Append(FilterText(proto)).Append('\n');
        output.Append("Node 0: ").Append(NodeText(_follow.Client, _follow.ClientPort)).Append('\n');
        output.Append("Node 1: ").Append(NodeText(_follow.Server, _follow.ServerPort)).Append('\n');
        long clientOffset = 0, serverOffset = 0;
        foreach (FollowChunk chunk in _follow.Chunks)
        {
            byte[] bytes = chunk.Data;
            switch (_mode)
            {
                case FollowMode.Hex:
                    ref long offset = ref chunk.FromServer ? ref serverOffset : ref clientOffset;
                    HexChunk(output, chunk.FromServer ? "\t" : "", offset, bytes);
                    offset += bytes.Length;
                    break;
                case FollowMode.Ascii:
                    output.Append(chunk.FromServer ? "\t" : "").Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    foreach (byte b in bytes)
                        output.Append(b is (byte)'\r' or (byte)'\n' || (b >= 0x20 && b < 0x7F) ? (char)b : '.');
                    output.Append('\n');
                    break;
                default:
                    if (chunk.FromServer) output.Append('\t');
                    foreach (byte b in bytes) output.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    output.Append('\n');
                    break;
            }
        }
        output.Append(Separator);
    }

    private string FilterText(string proto)
    {
        if (_a is not { } a || _b is not { } b) return $"{proto}.stream eq {_stream.ToString(CultureInfo.InvariantCulture)}";
        string ip = a.Address.Kind == StatAddressKind.Ipv6 ? "ipv6" : "ip";
        string Side(FollowEndpoint s, FollowEndpoint d) =>
            $"(({ip}.src eq {s.Address.Format(null)} and {proto}.srcport eq {s.Port}) and ({ip}.dst eq {d.Address.Format(null)} and {proto}.dstport eq {d.Port}))";
        return Side(a, b) + " or " + Side(b, a);
    }

    private static string NodeText(StatAddress? address, ushort port)
    {
        if (address is not { } a) return ":0";
        string text = a.Format(null);
        return (a.Kind == StatAddressKind.Ipv6 ? "[" + text + "]" : text) + ":" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>tshark's follow hex dump: 8 upper-case hex digits of offset, 16 bytes in two groups, their characters.</summary>
    private static void HexChunk(StringBuilder output, string prefix, long offset, byte[] bytes)
    {
        const int PerLine = 16;
        const int TextColumn = 60;
        Span<char> line = stackalloc char[TextColumn + PerLine + 1];
        for (int start = 0; start < bytes.Length; start += PerLine)
        {
            line.Fill(' ');
            ((uint)(offset + start)).TryFormat(line, out _, "X8", CultureInfo.InvariantCulture);
            int count = Math.Min(PerLine, bytes.Length - start);
            int end = 0;
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[start + i];
                int hex = 10 + 3 * i + (i >= 8 ? 1 : 0);
                line[hex] = "0123456789abcdef"[b >> 4];
                line[hex + 1] = "0123456789abcdef"[b & 15];
                int text = TextColumn + i + (i >= 8 ? 1 : 0);
                line[text] = b >= 0x20 && b < 0x7F ? (char)b : '.';
                end = text + 1;
            }
            // tshark's line loses one trailing space (the column-8 gap counts as one: "he lazy " + gap keeps one).
            if (count == 8) end++;
            if (line[end - 1] == ' ') end--;
            output.Append(prefix).Append(line[..end]).Append('\n');
        }
    }
}

/// <summary>One chunk of followed data: which side sent it, its bytes, and the frame it came from.</summary>
/// <param name="FromServer">True when node 1 (the side that did not send the stream's first packet) sent it.</param>
/// <param name="Data">The bytes.</param>
/// <param name="FrameNumber">The frame that delivered it (or whose acknowledgement revealed a gap).</param>
public sealed record FollowChunk(bool FromServer, byte[] Data, long FrameNumber);
