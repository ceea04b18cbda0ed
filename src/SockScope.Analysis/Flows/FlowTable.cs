using System.Runtime.CompilerServices;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Analysis.Flows;

/// <summary>Called when a flow is created (after its first packet is counted).</summary>
/// <param name="flow">The new flow.</param>
public delegate void FlowStartedHandler(Flow flow);

/// <summary>Called when a flow leaves the table; <see cref="Flow.EndReason"/> says why. The flow is not touched by the table afterwards.</summary>
/// <param name="flow">The finished flow.</param>
public delegate void FlowEndedHandler(Flow flow);

/// <summary>
/// Bidirectional flows keyed by the 5-tuple plus VLAN ids (ICMP by type and counterpart type, other
/// protocols by address pair), with Zeek's originator choice, TCP state and history, idle and
/// active timeouts in packet time, and a cap on the number of flows (least recently active evicted,
/// counted), so that a SYN flood cannot exhaust memory. Once a flow exists, counting a packet into
/// it allocates nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// Reuse for export: every flow carries per-direction <see cref="FlowDirectionCounters"/>
/// (packets, IP/wire/payload bytes, OR of TCP flags, first/last time) and a free <see cref="Flow.Tag"/>;
/// <see cref="FlowEnded"/> fires for every flow exactly once, with the reason.
/// </remarks>
public sealed class FlowTable
{
    private const int TcpOpenList = 0, TcpClosedList = 1, UdpList = 2, IcmpList = 3, OtherList = 4, ListCount = 5;

    private readonly FlowTableOptions _options;
    private readonly Dictionary<FlowKey, Flow> _flows;
    private readonly long[] _idleTimeoutNs = new long[ListCount];
    private readonly long _activeTimeoutNs;
    private readonly Flow?[] _idleHead = new Flow?[ListCount];
    private readonly Flow?[] _idleTail = new Flow?[ListCount];
    private Flow? _ageHead, _ageTail;
    private Flow? _lastFlow;
    // The flows met most recently, by a cheap direction-free hash of their endpoints: a packet of one
    // of the few conversations that interleave (a transfer beside DNS and pings) finds its flow here
    // without building a FlowKey and searching the dictionary. A slot is used only when its flow has
    // the packet's endpoints, and is cleared when its flow leaves the table.
    private const int RecentBits = 10;
    private readonly Flow?[] _recent = new Flow?[1 << RecentBits];
    private long _nextId = 1;
    // Expire runs for every packet but rarely ends a flow. _nextDeadline is never later than the
    // earliest time at which a list head (or the age head) can time out, so Expire returns at once
    // before it. A full pass sets it exactly; a new head can only pull it earlier (Min), and a head
    // that leaves leaves it early, which costs one more full pass, not a missed timeout.
    private long _nextDeadline = long.MinValue;
    private long _packets, _timedOut, _evicted;
    private int _peak;

    /// <summary>Creates a table.</summary>
    /// <param name="options">Timeouts and cap (null: <see cref="FlowTableOptions.Default"/>).</param>
    public FlowTable(FlowTableOptions? options = null)
    {
        _options = options ?? FlowTableOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxFlows, 1, nameof(options));
        _flows = new Dictionary<FlowKey, Flow>(Math.Min(_options.MaxFlows, 1 << 16));
        _idleTimeoutNs[TcpOpenList] = Nanoseconds(_options.TcpIdleTimeout);
        _idleTimeoutNs[TcpClosedList] = Nanoseconds(_options.TcpClosedTimeout);
        _idleTimeoutNs[UdpList] = Nanoseconds(_options.UdpIdleTimeout);
        _idleTimeoutNs[IcmpList] = Nanoseconds(_options.IcmpIdleTimeout);
        _idleTimeoutNs[OtherList] = Nanoseconds(_options.OtherIdleTimeout);
        _activeTimeoutNs = _options.ActiveTimeout <= TimeSpan.Zero ? long.MaxValue : Nanoseconds(_options.ActiveTimeout);
    }

    /// <summary>Raised for each new flow.</summary>
    public event FlowStartedHandler? FlowStarted;

    /// <summary>Raised once for every flow that leaves the table (timeout, eviction, reuse, <see cref="Flush"/>).</summary>
    public event FlowEndedHandler? FlowEnded;

    /// <summary>The options in force.</summary>
    public FlowTableOptions Options => _options;

    /// <summary>Flows in the table now.</summary>
    public int Count => _flows.Count;

    /// <summary>Counters since creation.</summary>
    public FlowTableStatistics Statistics => new()
    {
        Packets = _packets,
        Created = _nextId - 1,
        TimedOut = _timedOut,
        Evicted = _evicted,
        Active = _flows.Count,
        Peak = _peak,
    };

    /// <summary>
    /// Counts one packet into its flow, creating the flow if needed. Flows whose timeouts passed at
    /// <paramref name="timestampNanoseconds"/> are ended first.
    /// </summary>
    /// <param name="packet">The packet's flow fields (<see cref="FlowPacket.TryCreate"/>).</param>
    /// <param name="timestampNanoseconds">Packet time, ns since the epoch.</param>
    /// <param name="wireLength">The frame's original length on the wire.</param>
    /// <param name="direction">Whether the packet went originator to responder or back.</param>
    /// <returns>The flow the packet was counted in.</returns>
    public Flow Process(in FlowPacket packet, long timestampNanoseconds, int wireLength, out FlowDirection direction)
    {
        // The deadline test inline: most packets end no flow, and the call was a visible share.
        if (timestampNanoseconds >= _nextDeadline) Expire(timestampNanoseconds);
        bool created = false;
        // Packets come in runs of one flow (a bulk transfer, a burst of replies): the last flow's
        // endpoints are compared with the packet's before a key is built and hashed.
        Flow? flow = _lastFlow;
        if (flow is null || !HasEndpointsOf(flow, packet))
        {
            ref Flow? recent = ref _recent[RecentSlot(packet)];
            flow = recent;
            if (flow is null || !HasEndpointsOf(flow, packet))
            {
                var key = new FlowKey(packet, out _);
                if (!_flows.TryGetValue(key, out flow))
                {
                    flow = Create(key, packet, timestampNanoseconds);
                    created = true;
                }
                recent = flow;
            }
        }
        if (!created && IsReuse(flow, packet))
        {
            FlowKey key = flow.Key;
            End(flow, FlowEndReason.Reused);
            flow = Create(key, packet, timestampNanoseconds);
            created = true;
            _recent[RecentSlot(packet)] = flow;
        }
        direction = packet.Source == flow.OriginatorAddress && packet.SourcePort == flow.OriginatorPort
            ? FlowDirection.Originator
            : FlowDirection.Responder;
        flow.Update(direction, packet, wireLength, timestampNanoseconds);
        _lastFlow = flow;
        _packets++;
        Touch(flow);
        if (created) FlowStarted?.Invoke(flow);
        return flow;
    }

    /// <summary>Ends the flows whose idle, close or active timeout has passed at <paramref name="nowNanoseconds"/>; returns how many.</summary>
    public int Expire(long nowNanoseconds)
    {
        if (nowNanoseconds < _nextDeadline) return 0;
        int ended = 0;
        for (int list = 0; list < ListCount; list++)
        {
            long timeout = _idleTimeoutNs[list];
            while (_idleHead[list] is { } oldest && nowNanoseconds - oldest.LastTimestamp >= timeout)
            {
                End(oldest, list == TcpClosedList ? FlowEndReason.TcpClosed : FlowEndReason.IdleTimeout);
                _timedOut++;
                ended++;
            }
        }
        while (_ageHead is { } first && nowNanoseconds - first.FirstTimestamp >= _activeTimeoutNs)
        {
            End(first, FlowEndReason.ActiveTimeout);
            _timedOut++;
            ended++;
        }
        _nextDeadline = EarliestDeadline();
        return ended;
    }

    /// <summary>
    /// The earliest time at which a list head can have timed out: every other flow of a list was
    /// touched after its head, and every flow of the age list started after the age head. A flow
    /// whose time is later than the packet being counted (time going backwards) is simply not yet due.
    /// </summary>
    private long EarliestDeadline()
    {
        long earliest = long.MaxValue;
        for (int list = 0; list < ListCount; list++)
        {
            if (_idleHead[list] is { } head) earliest = Math.Min(earliest, Deadline(head.LastTimestamp, _idleTimeoutNs[list]));
        }
        if (_ageHead is { } first) earliest = Math.Min(earliest, Deadline(first.FirstTimestamp, _activeTimeoutNs));
        return earliest;
    }

    /// <summary>A new head may be due earlier than the deadline known so far.</summary>
    private void HeadChanged(Flow? head, long timeout, bool byAge)
    {
        if (head is not null) _nextDeadline = Math.Min(_nextDeadline, Deadline(byAge ? head.FirstTimestamp : head.LastTimestamp, timeout));
    }

    /// <summary>timestamp + timeout, saturated (a disabled timeout is long.MaxValue).</summary>
    private static long Deadline(long timestamp, long timeout) =>
        timestamp > long.MaxValue - timeout ? long.MaxValue : timestamp + timeout;

    /// <summary>Ends every flow (end of input), oldest first.</summary>
    public void Flush()
    {
        while (_ageHead is { } first) End(first, FlowEndReason.EndOfInput);
    }

    /// <summary>The flows in the table now, oldest first (allocates an enumerator; not for the packet path).</summary>
    public IEnumerable<Flow> Flows
    {
        get
        {
            for (Flow? f = _ageHead; f is not null; f = f.AgeNext) yield return f;
        }
    }

    /// <summary>Whether the packet belongs to <paramref name="flow"/> in either direction: what equal <see cref="FlowKey"/>s say, without building one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per packet; the AOT compiler left it a call
    private static bool HasEndpointsOf(Flow flow, in FlowPacket packet) =>
        flow.Protocol == packet.Protocol && flow.Vlan == packet.Vlan && flow.InnerVlan == packet.InnerVlan
        && ((packet.SourcePort == flow.OriginatorPort && packet.DestinationPort == flow.ResponderPort
             && packet.Source == flow.OriginatorAddress && packet.Destination == flow.ResponderAddress)
            || (packet.SourcePort == flow.ResponderPort && packet.DestinationPort == flow.OriginatorPort
                && packet.Source == flow.ResponderAddress && packet.Destination == flow.OriginatorAddress));

    /// <summary>The <see cref="_recent"/> slot of the packet's conversation: the same for both directions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RecentSlot(in FlowPacket packet) =>
        RecentSlot(packet.Source, packet.Destination, packet.SourcePort, packet.DestinationPort, packet.Protocol);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RecentSlot(FlowAddress a, FlowAddress b, ushort aPort, ushort bPort, IpProtocol protocol)
    {
        ulong mixed = (a.Low + b.Low) ^ (a.High + b.High) ^ ((ulong)(uint)(aPort + bPort) << 40) ^ (ulong)protocol;
        return (int)((mixed * 0x9E3779B97F4A7C15UL) >> (64 - RecentBits));
    }

    /// <summary>Zeek's connection reuse: a new SYN on a 5-tuple whose connection is closed starts a new connection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsReuse(Flow flow, in FlowPacket packet) =>
        flow.Protocol == IpProtocol.Tcp
        && (packet.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == TcpFlags.Syn
        && flow.IsTcpClosed
        && !(packet.Source == flow.OriginatorAddress && packet.SourcePort == flow.OriginatorPort
             && flow.TcpOriginator.HaveSyn && flow.TcpOriginator.LastSynSequence == packet.Sequence);

    private Flow Create(FlowKey key, in FlowPacket packet, long timestamp)
    {
        if (_flows.Count >= _options.MaxFlows) EvictOne();
        var flow = new Flow(_nextId++, packet, ShouldFlip(packet), timestamp) { Key = key };
        _flows.Add(key, flow);
        if (_flows.Count > _peak) _peak = _flows.Count;
        flow.IdleList = ListOf(flow);
        AppendIdle(flow);
        flow.AgePrevious = _ageTail;
        if (_ageTail is not null) _ageTail.AgeNext = flow;
        else
        {
            _ageHead = flow;
            HeadChanged(flow, _activeTimeoutNs, byAge: true);
        }
        _ageTail = flow;
        return flow;
    }

    /// <summary>Zeek's choice of originator: the sender of the first packet, unless the port heuristic says it is the server.</summary>
    private static bool ShouldFlip(in FlowPacket packet)
    {
        ushort src = packet.SourcePort, dst = packet.DestinationPort;
        switch (packet.Protocol)
        {
            case IpProtocol.Tcp:
            {
                TcpFlags flags = packet.TcpFlags;
                bool cleanSyn = (flags & TcpFlags.Syn) != 0 && (flags & TcpFlags.Ack) == 0;
                if (cleanSyn || !LikelyServerPorts.Contains(src)) return false;
                // Both plausible: flip only when this is not a SYN-ACK (stealth scans) and favours the lower port as server.
                if (LikelyServerPorts.Contains(dst)) return (flags & TcpFlags.Syn) == 0 && src < dst;
                return true;
            }
            case IpProtocol.Udp:
                return LikelyServerPorts.Contains(src) && !LikelyServerPorts.Contains(dst);
            default:
                return false;
        }
    }

    /// <summary>Evicts the least recently active flow of all lists.</summary>
    private void EvictOne()
    {
        Flow? victim = null;
        for (int list = 0; list < ListCount; list++)
        {
            if (_idleHead[list] is { } head && (victim is null || head.LastTimestamp < victim.LastTimestamp)) victim = head;
        }
        if (victim is null) return;
        _evicted++;
        End(victim, FlowEndReason.Evicted);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ListOf(Flow flow) => flow.Protocol switch
    {
        IpProtocol.Tcp => flow.IsTcpClosed ? TcpClosedList : TcpOpenList,
        IpProtocol.Udp => UdpList,
        IpProtocol.Icmp or IpProtocol.Icmpv6 => IcmpList,
        _ => OtherList,
    };

    /// <summary>Moves the flow to the tail of its idle list (its list may change when TCP closes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Touch(Flow flow)
    {
        int list = ListOf(flow);
        if (list == flow.IdleList && _idleTail[list] == flow) return;
        UnlinkIdle(flow);
        flow.IdleList = list;
        AppendIdle(flow);
    }

    private void AppendIdle(Flow flow)
    {
        int list = flow.IdleList;
        flow.IdlePrevious = _idleTail[list];
        flow.IdleNext = null;
        if (_idleTail[list] is { } tail) tail.IdleNext = flow;
        else
        {
            _idleHead[list] = flow;
            HeadChanged(flow, _idleTimeoutNs[list], byAge: false);
        }
        _idleTail[list] = flow;
    }

    private void UnlinkIdle(Flow flow)
    {
        int list = flow.IdleList;
        if (flow.IdlePrevious is { } previous) previous.IdleNext = flow.IdleNext;
        else
        {
            _idleHead[list] = flow.IdleNext;
            HeadChanged(flow.IdleNext, _idleTimeoutNs[list], byAge: false);
        }
        if (flow.IdleNext is { } next) next.IdlePrevious = flow.IdlePrevious;
        else _idleTail[list] = flow.IdlePrevious;
        flow.IdlePrevious = flow.IdleNext = null;
    }

    private void End(Flow flow, FlowEndReason reason)
    {
        UnlinkIdle(flow);
        if (flow.AgePrevious is { } previous) previous.AgeNext = flow.AgeNext;
        else
        {
            _ageHead = flow.AgeNext;
            HeadChanged(flow.AgeNext, _activeTimeoutNs, byAge: true);
        }
        if (flow.AgeNext is { } next) next.AgePrevious = flow.AgePrevious;
        else _ageTail = flow.AgePrevious;
        flow.AgePrevious = flow.AgeNext = null;
        _flows.Remove(flow.Key);
        if (_lastFlow == flow) _lastFlow = null;
        ref Flow? recent = ref _recent[RecentSlot(flow.OriginatorAddress, flow.ResponderAddress, flow.OriginatorPort, flow.ResponderPort, flow.Protocol)];
        if (recent == flow) recent = null;
        flow.EndReason = reason;
        FlowEnded?.Invoke(flow);
    }

    private static long Nanoseconds(TimeSpan span) => span <= TimeSpan.Zero ? long.MaxValue : span.Ticks * 100;
}
