namespace SockScope.Analysis.Statistics;

/// <summary>
/// The chunk list of tshark 4.0's "Follow TCP/UDP Stream", reproduced: the first packet's sender
/// is the client (node 0). TCP data is accepted in sequence order per direction: bytes already
/// delivered are dropped (retransmissions, overlaps keep the first copy), a segment beyond the
/// next expected byte waits in a per-direction list until the gap closes, and when the other
/// side acknowledges beyond the lowest waiting segment the gap is declared lost and a chunk
/// "[N bytes missing in capture file]" (with a trailing NUL, as tshark writes it) stands for it.
/// This is presentation logic matched to tshark's output (including its "0 means unset"
/// sequence number); stream data for programs comes from the shared reassembler.
/// </summary>
internal sealed class TsharkFollowTcp
{
    private readonly List<FollowChunk> _chunks = [];
    private readonly List<Pending>[] _pending = [[], []];
    private readonly uint[] _next = new uint[2];

    public IReadOnlyList<FollowChunk> Chunks => _chunks;
    public StatAddress? Client { get; private set; }
    public StatAddress? Server { get; private set; }
    public ushort ClientPort { get; private set; }
    public ushort ServerPort { get; private set; }

    private bool IsServer(in AddressPair pair)
    {
        if (Client is null)
        {
            Client = pair.Source;
            ClientPort = pair.SourcePort;
            Server = pair.Destination;
            ServerPort = pair.DestinationPort;
        }
        return !(pair.Source == Client && pair.SourcePort == ClientPort);
    }

    public void Datagram(AddressPair pair, ReadOnlySpan<byte> payload, long frameNumber)
    {
        bool server = IsServer(pair);
        _chunks.Add(new FollowChunk(server, payload.ToArray(), frameNumber));
    }

    public void Segment(AddressPair pair, bool syn, bool ack, uint sequence, uint acknowledgment, uint length, ReadOnlySpan<byte> captured, long frameNumber)
    {
        if (syn) sequence++;
        bool server = IsServer(pair);
        int side = server ? 1 : 0;
        int other = 1 - side;
        // An acknowledgement beyond data the capture never showed reveals a gap on the other side.
        if (_pending[other].Count > 0)
            while (CheckPending(other, acknowledgment, frameNumber, useAck: true)) { }
        if (_next[side] == 0) _next[side] = sequence;
        if (LessOrEqual(sequence, _next[side]))
        {
            if (Greater(sequence + length, _next[side]))
            {
                uint offset = _next[side] - sequence;
                ReadOnlySpan<byte> fresh = offset >= captured.Length ? default : captured[(int)offset..];
                _chunks.Add(new FollowChunk(server, fresh.ToArray(), frameNumber));
                _next[side] += length - offset;
                while (CheckPending(side, 0, frameNumber, useAck: false)) { }
            }
        }
        else
        {
            _pending[side].Add(new Pending(sequence, captured.ToArray(), frameNumber));
        }
    }

    private bool CheckPending(int side, uint acknowledged, long frameNumber, bool useAck)
    {
        List<Pending> list = _pending[side];
        if (list.Count == 0) return false;
        uint lowest = list[0].Sequence;
        for (int i = 0; i < list.Count; i++)
        {
            Pending p = list[i];
            if (Greater(lowest, p.Sequence)) lowest = p.Sequence;
            if (Less(p.Sequence, _next[side]))
            {
                uint end = p.Sequence + (uint)p.Data.Length;
                if (Greater(end, _next[side]))
                {
                    uint offset = _next[side] - p.Sequence;
                    if (p.Data.Length > offset)
                        _chunks.Add(new FollowChunk(side == 1, p.Data[(int)offset..], p.FrameNumber));
                    _next[side] += (uint)p.Data.Length - offset;
                }
                list.RemoveAt(i);
                return true;
            }
            if (p.Sequence == _next[side])
            {
                if (p.Data.Length > 0) _chunks.Add(new FollowChunk(side == 1, p.Data, p.FrameNumber));
                _next[side] += (uint)p.Data.Length;
                list.RemoveAt(i);
                return true;
            }
        }
        if (useAck && Greater(acknowledged, lowest))
        {
            string text = $"[{(int)(lowest - _next[side])} bytes missing in capture file]";
            byte[] dummy = new byte[text.Length + 1];
            System.Text.Encoding.ASCII.GetBytes(text, dummy);
            _chunks.Add(new FollowChunk(side == 1, dummy, frameNumber));
            _next[side] = lowest;
            return true;
        }
        return false;
    }

    private static bool Less(uint a, uint b) => (int)(a - b) < 0;
    private static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;
    private static bool Greater(uint a, uint b) => (int)(a - b) > 0;

    private sealed record Pending(uint Sequence, byte[] Data, long FrameNumber);
}
