namespace SockScope.Analysis.Export;

/// <summary>
/// Flow accounting as softflowd 1.1 does it, for export: one entry per softflowd flow key (both
/// directions together), counted per direction, every packet on the wire; exported as one record
/// per direction that saw packets (or one RFC 5103 biflow). A flow ends after the idle timeout, is
/// cut after the active timeout, ends a grace period after RST or FIN in both directions, and is
/// forced out least-recently-seen first when the table is full (counted in <see cref="FlowsEvicted"/>).
/// Entries live in one array linked in last-seen order, so expiry walks only the expired ones and
/// a packet of a known flow allocates nothing.
/// </summary>
public sealed class ExportFlowTable : IFlowAccounting
{
    private const int None = -1;
    private const byte TcpFin = 0x01;
    private const byte TcpRst = 0x04;

    private readonly FlowAccountingOptions _options;
    private readonly IFlowRecordSink _sink;
    private readonly Dictionary<ExportFlowKey, int> _index;
    private int _lastIndex = None;
    private readonly Queue<(int Index, int Generation, long EndNanoseconds)> _ended = new();
    private readonly long _idle, _active, _grace;
    private Entry[] _entries;
    private int _used;         // slots ever handed out
    private int _free = None;  // free slots, linked through Next
    private int _head = None;  // least recently seen
    private int _tail = None;  // most recently seen

    private struct Entry
    {
        public ExportFlowKey Key;
        public ulong Packets0, Packets1, Bytes0, Bytes1;
        public long First0, First1, Last0, Last1;
        public long Start, Last, End;
        public byte Flags0, Flags1, Tos0, Tos1;
        public int Initiator;
        public int Previous, Next;
        public int Generation;
    }

    /// <summary>Creates an empty table that hands records to <paramref name="sink"/>.</summary>
    public ExportFlowTable(FlowAccountingOptions options, IFlowRecordSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        if (options.MaxFlows < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxFlows must be at least 1");
        if (options.IdleTimeout <= TimeSpan.Zero || options.ActiveTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "the timeouts must be positive");
        _options = options;
        _sink = sink;
        _idle = options.IdleTimeout.Ticks * 100;
        _active = options.ActiveTimeout.Ticks * 100;
        _grace = Math.Max(0, options.TcpEndGrace.Ticks * 100);
        int initial = Math.Min(options.MaxFlows, 1024);
        _entries = new Entry[initial];
        _index = new Dictionary<ExportFlowKey, int>(initial);
    }

    /// <inheritdoc/>
    public int ActiveFlows => _index.Count;
    /// <inheritdoc/>
    public long FlowsEvicted { get; private set; }
    /// <inheritdoc/>
    public long RecordsExported { get; private set; }

    /// <inheritdoc/>
    public void Observe(in ExportPacket packet, long timestampNanoseconds)
    {
        long now = timestampNanoseconds;
        // Packets come in runs of one flow: the last one is checked before a key is built and hashed.
        int index = _lastIndex, direction;
        if ((index != None && _entries[index].Key.Matches(packet, out direction))
            || _index.TryGetValue(ExportFlowKey.From(packet, out direction), out index))
        {
            ref Entry known = ref _entries[index];
            if (known.End != 0 && now - known.End >= _grace)
            {
                // A packet after the flow ended (a new connection on the same ports): the old one goes first.
                Export(index, FlowEndReason.EndOfFlowDetected);
                Remove(index);
                index = None;
            }
            else if (now - known.Start >= _active)
            {
                Export(index, FlowEndReason.ActiveTimeout);
                ResetCounters(ref known, now);
                MoveToTail(index);
            }
            else MoveToTail(index);
        }
        else index = None;

        if (index == None)
        {
            if (_index.Count >= _options.MaxFlows)
            {
                int oldest = _head;
                Export(oldest, FlowEndReason.LackOfResources);
                Remove(oldest);
                FlowsEvicted++;
            }
            ExportFlowKey key = ExportFlowKey.From(packet, out direction);
            index = Allocate();
            ref Entry fresh = ref _entries[index];
            fresh.Key = key;
            fresh.Initiator = direction;
            ResetCounters(ref fresh, now);
            _index.Add(key, index);
            Append(index);
        }

        _lastIndex = index;
        ref Entry e = ref _entries[index];
        e.Last = now;
        if (direction == 0)
        {
            if (e.Packets0 == 0) { e.First0 = now; e.Tos0 = packet.TypeOfService; }
            e.Packets0++;
            e.Bytes0 += packet.Bytes;
            e.Flags0 |= packet.TcpFlags;
            e.Last0 = now;
        }
        else
        {
            if (e.Packets1 == 0) { e.First1 = now; e.Tos1 = packet.TypeOfService; }
            e.Packets1++;
            e.Bytes1 += packet.Bytes;
            e.Flags1 |= packet.TcpFlags;
            e.Last1 = now;
        }
        if (packet.Protocol == 6 && e.End == 0
            && (((e.Flags0 | e.Flags1) & TcpRst) != 0 || ((e.Flags0 & e.Flags1 & TcpFin) != 0)))
        {
            e.End = now;
            _ended.Enqueue((index, e.Generation, now));
        }
    }

    /// <inheritdoc/>
    public void Expire(long nowNanoseconds)
    {
        while (_head != None && nowNanoseconds - _entries[_head].Last >= _idle)
        {
            int index = _head;
            Export(index, _entries[index].End != 0 ? FlowEndReason.EndOfFlowDetected : FlowEndReason.IdleTimeout);
            Remove(index);
        }
        while (_ended.TryPeek(out var ended) && nowNanoseconds - ended.EndNanoseconds >= _grace)
        {
            _ended.Dequeue();
            ref Entry e = ref _entries[ended.Index];
            if (e.Generation != ended.Generation || e.End != ended.EndNanoseconds) continue; // gone or reused
            Export(ended.Index, FlowEndReason.EndOfFlowDetected);
            Remove(ended.Index);
        }
    }

    /// <inheritdoc/>
    public void FlushAll()
    {
        while (_head != None)
        {
            int index = _head;
            Export(index, _entries[index].End != 0 ? FlowEndReason.EndOfFlowDetected : FlowEndReason.ForcedEnd);
            Remove(index);
        }
        _ended.Clear();
    }

    private static void ResetCounters(ref Entry e, long now)
    {
        e.Packets0 = e.Packets1 = e.Bytes0 = e.Bytes1 = 0;
        e.Flags0 = e.Flags1 = 0;
        e.Start = now;
        e.End = 0;
    }

    private void Export(int index, FlowEndReason reason)
    {
        ref Entry e = ref _entries[index];
        if (_options.Biflow)
        {
            int forward = e.Initiator;
            if ((forward == 0 ? e.Packets0 : e.Packets1) == 0) forward ^= 1;
            FlowRecord record = Direction(ref e, forward, reason);
            if (forward == 0)
            {
                record.ReversePackets = e.Packets1;
                record.ReverseBytes = e.Bytes1;
                record.ReverseTcpFlags = e.Flags1;
                record.ReverseTypeOfService = e.Tos1;
                if (e.Packets1 > 0) record.EndMilliseconds = Math.Max(record.EndMilliseconds, e.Last1 / 1_000_000);
            }
            else
            {
                record.ReversePackets = e.Packets0;
                record.ReverseBytes = e.Bytes0;
                record.ReverseTcpFlags = e.Flags0;
                record.ReverseTypeOfService = e.Tos0;
                if (e.Packets0 > 0) record.EndMilliseconds = Math.Max(record.EndMilliseconds, e.Last0 / 1_000_000);
            }
            record.HasReverse = true;
            if (record.ReversePackets > 0 && record.Protocol is 1 or 58) record.ReverseIcmpTypeCode = record.SourcePort;
            _sink.OnRecord(record);
            RecordsExported++;
            return;
        }
        if (e.Packets0 > 0)
        {
            FlowRecord record = Direction(ref e, 0, reason);
            _sink.OnRecord(record);
            RecordsExported++;
        }
        if (e.Packets1 > 0)
        {
            FlowRecord record = Direction(ref e, 1, reason);
            _sink.OnRecord(record);
            RecordsExported++;
        }
    }

    private static FlowRecord Direction(ref Entry e, int direction, FlowEndReason reason)
    {
        ExportFlowKey k = e.Key;
        bool fromA = direction == 0;
        return new FlowRecord
        {
            IsIpv6 = k.IsIpv6,
            SourceHigh = fromA ? k.AHigh : k.BHigh,
            SourceLow = fromA ? k.ALow : k.BLow,
            DestinationHigh = fromA ? k.BHigh : k.AHigh,
            DestinationLow = fromA ? k.BLow : k.ALow,
            SourcePort = fromA ? k.APort : k.BPort,
            DestinationPort = fromA ? k.BPort : k.APort,
            Protocol = k.Protocol,
            TcpFlags = fromA ? e.Flags0 : e.Flags1,
            TypeOfService = fromA ? e.Tos0 : e.Tos1,
            Packets = fromA ? e.Packets0 : e.Packets1,
            Bytes = fromA ? e.Bytes0 : e.Bytes1,
            StartMilliseconds = (fromA ? e.First0 : e.First1) / 1_000_000,
            EndMilliseconds = (fromA ? e.Last0 : e.Last1) / 1_000_000,
            EndReason = reason,
        };
    }

    private int Allocate()
    {
        if (_free != None)
        {
            int slot = _free;
            _free = _entries[slot].Next;
            return slot;
        }
        if (_used == _entries.Length)
            Array.Resize(ref _entries, (int)Math.Min(_options.MaxFlows, _entries.Length * 2L));
        return _used++;
    }

    private void Remove(int index)
    {
        ref Entry e = ref _entries[index];
        _index.Remove(e.Key);
        if (_lastIndex == index) _lastIndex = None;
        Unlink(index);
        e.Generation++;
        e.End = 0;
        e.Next = _free;
        _free = index;
    }

    private void Append(int index)
    {
        ref Entry e = ref _entries[index];
        e.Previous = _tail;
        e.Next = None;
        if (_tail != None) _entries[_tail].Next = index;
        else _head = index;
        _tail = index;
    }

    private void Unlink(int index)
    {
        ref Entry e = ref _entries[index];
        if (e.Previous != None) _entries[e.Previous].Next = e.Next;
        else _head = e.Next;
        if (e.Next != None) _entries[e.Next].Previous = e.Previous;
        else _tail = e.Previous;
    }

    private void MoveToTail(int index)
    {
        if (_tail == index) return;
        Unlink(index);
        Append(index);
    }
}
