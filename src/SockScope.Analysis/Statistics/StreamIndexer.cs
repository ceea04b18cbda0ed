namespace SockScope.Analysis.Statistics;

/// <summary>
/// tshark's tcp.stream / udp.stream numbers: a new number for each new address and port pair
/// (either direction), in order of first appearance. For TCP, a SYN without ACK whose sequence
/// number differs from the one its direction started with opens a new stream on the same pair
/// (port reuse), as tshark does.
/// </summary>
internal sealed class StreamIndexer
{
    private readonly Dictionary<AddressPair, Stream> _current = [];
    private Stream? _last;
    private int _next;

    /// <summary>
    /// The stream of a segment or datagram; <paramref name="syn"/>, <paramref name="ack"/> and
    /// <paramref name="sequence"/> describe a TCP segment (ignored for UDP).
    /// </summary>
    public int StreamOf(AddressPair pair, bool tcp, bool syn, bool ack, uint sequence)
    {
        AddressPair reverse = new(pair.Destination, pair.Source, pair.DestinationPort, pair.SourcePort);
        // Segments come in runs of one connection: the last stream is checked before hashing. It is
        // always the current stream of its pair (only this method replaces streams, and it updates it).
        Stream? stream = _last;
        if (stream is null || (stream.First != pair && stream.First != reverse))
        {
            if (!_current.TryGetValue(pair, out stream) && !_current.TryGetValue(reverse, out stream))
            {
                stream = new Stream(_next++, pair);
                _current[pair] = stream;
            }
            _last = stream;
        }
        if (!tcp) return stream.Index;
        bool forward = stream.First == pair;
        ref bool baseSet = ref forward ? ref stream.ForwardBaseSet : ref stream.ReverseBaseSet;
        ref uint baseSeq = ref forward ? ref stream.ForwardBase : ref stream.ReverseBase;
        if (syn && !ack && baseSet && sequence != baseSeq)
        {
            _current.Remove(stream.First);
            stream = _last = new Stream(_next++, pair);
            _current[pair] = stream;
            return Base(stream, true, syn, sequence);
        }
        return Base(stream, forward, syn, sequence);
    }

    private static int Base(Stream stream, bool forward, bool syn, uint sequence)
    {
        if (forward && !stream.ForwardBaseSet)
        {
            stream.ForwardBase = syn ? sequence : sequence - 1;
            stream.ForwardBaseSet = true;
        }
        else if (!forward && !stream.ReverseBaseSet)
        {
            stream.ReverseBase = syn ? sequence : sequence - 1;
            stream.ReverseBaseSet = true;
        }
        return stream.Index;
    }

    private sealed class Stream(int index, AddressPair first)
    {
        public int Index { get; } = index;
        public AddressPair First { get; } = first;
        public bool ForwardBaseSet;
        public uint ForwardBase;
        public bool ReverseBaseSet;
        public uint ReverseBase;
    }
}
