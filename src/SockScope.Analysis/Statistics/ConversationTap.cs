using System.Runtime.InteropServices;
using System.Text;
using SockScope.Wire.Decoding;

namespace SockScope.Analysis.Statistics;

/// <summary>
/// `-z conv,TYPE`: one row per address (and port) pair, in either direction, with frames and
/// bytes each way, the first frame's relative time and the time to the last. The side that sent
/// the first frame is A; "&lt;-" counts frames to A, "-&gt;" frames from A. Rows come out by total
/// frames, most first, ties in order of first appearance (tshark's order).
/// </summary>
public sealed class ConversationTap : StatisticsTap
{
    private readonly TableType _type;
    private readonly MacNameResolver? _names;
    private readonly FragmentPorts _fragments = new();
    private readonly Dictionary<AddressPair, int> _index = [];
    private readonly List<int> _rowOfStream = [];
    private readonly StreamIndexer _streams = new();
    private readonly ViewKind _kind;
    private readonly List<Conversation> _rows = [];

    /// <summary>Creates the tap for <paramref name="type"/>; <paramref name="names"/> names MAC addresses.</summary>
    public ConversationTap(string spec, TableType type, MacNameResolver? names) : base(spec)
    {
        _type = type;
        _names = names;
        _kind = AddressPair.ViewKindOf(type);
    }

    /// <summary>The conversations so far, in order of first appearance.</summary>
    public IReadOnlyList<Conversation> Conversations => _rows;

    /// <inheritdoc />
    public override void Add(in StatisticsFrame frame, long relativeNanoseconds, ReadOnlySpan<byte> data, in DecodedPacket decoded)
    {
        var walker = new FrameWalker(data, decoded, _fragments, _kind);
        while (walker.MoveNext())
        {
            ref readonly TransportView view = ref walker.Current;
            if (!view.Tapped || view.Kind != _kind) continue;
            AddressPair pair = view.Pair;
            // tshark keys TCP conversations by stream: a port pair reused after a new SYN is a new row.
            int stream = _type != TableType.Tcp ? 0
                : _streams.StreamOf(pair, tcp: true, (view.Flags & Wire.Transport.TcpFlags.Syn) != 0, (view.Flags & Wire.Transport.TcpFlags.Ack) != 0, view.Sequence);
            int row = _type == TableType.Tcp ? RowOfStream(stream, pair, relativeNanoseconds) : RowOfPair(pair, relativeNanoseconds);
            Conversation c = _rows[row];
            if (c.Key == pair)
            {
                c.TxFrames++;
                c.TxBytes += frame.WireLength;
            }
            else
            {
                c.RxFrames++;
                c.RxBytes += frame.WireLength;
            }
            if (relativeNanoseconds > c.StopNanoseconds) c.StopNanoseconds = relativeNanoseconds;
            else if (relativeNanoseconds < c.StartNanoseconds) c.StartNanoseconds = relativeNanoseconds;
        }
    }

    /// <summary>A TCP stream number names one address and port pair, so it indexes the rows directly.</summary>
    private int RowOfStream(int stream, in AddressPair pair, long relativeNanoseconds)
    {
        while (_rowOfStream.Count <= stream) _rowOfStream.Add(-1);
        if (_rowOfStream[stream] < 0)
        {
            _rowOfStream[stream] = _rows.Count;
            _rows.Add(new Conversation(pair, relativeNanoseconds));
        }
        return _rowOfStream[stream];
    }

    /// <summary>One lookup per frame: the key is the pair in a fixed order, whichever way it flows.</summary>
    private int RowOfPair(in AddressPair pair, long relativeNanoseconds)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, Canonical(pair), out bool exists);
        if (!exists)
        {
            slot = _rows.Count;
            _rows.Add(new Conversation(pair, relativeNanoseconds));
        }
        return slot;
    }

    private static AddressPair Canonical(in AddressPair pair)
    {
        int order = pair.Source.Kind != pair.Destination.Kind ? pair.Source.Kind.CompareTo(pair.Destination.Kind)
            : pair.Source.High != pair.Destination.High ? pair.Source.High.CompareTo(pair.Destination.High)
            : pair.Source.Low != pair.Destination.Low ? pair.Source.Low.CompareTo(pair.Destination.Low)
            : pair.SourcePort.CompareTo(pair.DestinationPort);
        return order <= 0 ? pair : new AddressPair(pair.Destination, pair.Source, pair.DestinationPort, pair.SourcePort);
    }

    /// <inheritdoc />
    public override void Write(StringBuilder output, long elapsedNanoseconds)
    {
        bool ports = TableTypes.HasPorts(_type);
        string indent = ports ? "            " : "";
        output.Append("================================================================================\n");
        output.Append(TableTypes.Title(_type)).Append(" Conversations\n");
        output.Append("Filter:<No Filter>\n");
        output.Append(indent).Append("                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n");
        output.Append(indent).Append("                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n");
        foreach (Conversation c in RankedRows.ByFrames(_rows, static c => c.RxFrames + c.TxFrames))
        {
            string a = c.Key.Source.Format(_names), b = c.Key.Destination.Format(_names);
            if (ports)
            {
                output.Append(TsharkText.Left(a + ":" + c.Key.SourcePort.ToString(System.Globalization.CultureInfo.InvariantCulture), 26)).Append(" <-> ")
                    .Append(TsharkText.Left(b + ":" + c.Key.DestinationPort.ToString(System.Globalization.CultureInfo.InvariantCulture), 26));
            }
            else
            {
                output.Append(TsharkText.Left(a, 20)).Append(" <-> ").Append(TsharkText.Left(b, 20));
            }
            output.Append("  ").Append(TsharkText.Right(c.RxFrames, 6)).Append(' ').Append(TsharkText.Left(TsharkText.Size(c.RxBytes), 9))
                .Append("  ").Append(TsharkText.Right(c.TxFrames, 6)).Append(' ').Append(TsharkText.Left(TsharkText.Size(c.TxBytes), 9))
                .Append("  ").Append(TsharkText.Right(c.RxFrames + c.TxFrames, 6)).Append(' ').Append(TsharkText.Left(TsharkText.Size(c.RxBytes + c.TxBytes), 9))
                .Append("  ");
            double start = TsharkText.Seconds(c.StartNanoseconds);
            output.Append(TsharkText.Right(TsharkText.Fixed(start, 9), 14));
            output.Append("   ").Append(TsharkText.Right(TsharkText.Fixed(TsharkText.Seconds(c.StopNanoseconds) - start, 4), 12)).Append('\n');
        }
        output.Append("================================================================================\n");
    }
}

/// <summary>One row of a conversation table.</summary>
public sealed class Conversation
{
    internal Conversation(AddressPair key, long firstRelativeNanoseconds)
    {
        Key = key;
        StartNanoseconds = StopNanoseconds = firstRelativeNanoseconds;
    }

    /// <summary>A (the first frame's sender) and B, with their ports.</summary>
    public AddressPair Key { get; }
    /// <summary>Frames from A to B.</summary>
    public long TxFrames { get; internal set; }
    /// <summary>Bytes (frame lengths) from A to B.</summary>
    public long TxBytes { get; internal set; }
    /// <summary>Frames from B to A.</summary>
    public long RxFrames { get; internal set; }
    /// <summary>Bytes (frame lengths) from B to A.</summary>
    public long RxBytes { get; internal set; }
    /// <summary>Earliest relative time seen.</summary>
    public long StartNanoseconds { get; internal set; }
    /// <summary>Latest relative time seen.</summary>
    public long StopNanoseconds { get; internal set; }
}

/// <summary>tshark's row order for conversation and endpoint tables.</summary>
internal static class RankedRows
{
    /// <summary>
    /// Rows by their frame total, largest first, ties in insertion order; rows with 0 frames never
    /// print (tshark's loop stops at 0). A stable sort gives the same order as tshark's repeated scans.
    /// </summary>
    public static IEnumerable<T> ByFrames<T>(List<T> rows, Func<T, long> frames) =>
        rows.Where(r => frames(r) > 0).OrderByDescending(frames);
}
