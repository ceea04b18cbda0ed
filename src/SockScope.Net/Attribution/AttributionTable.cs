namespace SockScope.Net.Attribution;

/// <summary>
/// Joins packets to processes in user space. Three kinds of knowledge feed it:
/// <list type="bullet">
/// <item>exact flows (protocol, local and remote endpoint) from the socket snapshot, or pinned
/// once a packet matched one of the looser kinds below;</item>
/// <item>bound ports (a listener or a bound UDP socket: local port, any remote), from the
/// snapshot and from bind() calls;</item>
/// <item>intents: "process P called connect/sendto/sendmsg towards R" from the kernel, waiting
/// for the first packet of a flow that goes to R from a port no socket is known for.</item>
/// </list>
/// An intent is a guess, so it is taken only by a packet it could have caused: one sent no earlier
/// than the call (<see cref="CausalityTolerance"/> for the clocks), for TCP only a segment with SYN
/// (a connect() opens a connection; a later segment of some other connection to the same server
/// must not take it), for ICMP echo only an intent with port 0 (ping's sendto/sendmsg: TCP cannot
/// connect to port 0 and UDP cannot send to it, so such an intent is never another flow's). A
/// packet that no intent fits stays without a process: a wrong process is worse than none.
/// A lookup costs one probe of a small direct-mapped cache when the flow was seen before, and a
/// few dictionary probes otherwise; nothing allocates per packet. Exact flows are bounded: past
/// <see cref="MaxFlows"/> the ones not used since the previous sweep are dropped.
/// </summary>
public sealed class AttributionTable
{
    private const int CacheSize = 4096;
    private const int MaxIntentEndpoints = 4096;
    private static readonly TimeSpan IntentLifetime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How much earlier than the socket call a packet may be stamped and still take its intent: the
    /// call's time is the kernel's monotonic clock moved onto the wall clock, the packet's the wall
    /// clock (coarse, a jiffy, on some kernels); the difference is well under this.
    /// </summary>
    public static readonly TimeSpan CausalityTolerance = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<FlowKey, FlowEntry> _flows = [];
    private readonly Dictionary<(byte Protocol, ushort Port), List<(Endpoint Local, ProcessInfo Owner)>> _bound = [];
    private readonly Dictionary<Endpoint, List<Intent>> _intents = [];
    private readonly Dictionary<ulong, List<Intent>> _intentsByAddress = [];
    private readonly CacheSlot[] _cache = new CacheSlot[CacheSize];
    // One bit per port: could any exact or bound entry have this local port, any intent this remote
    // port? Most packets of flows no local socket owns fail these tests and cost no dictionary probe.
    // Bits are never cleared (an evicted flow only makes its port's misses a little slower).
    private readonly ulong[] _localPorts = new ulong[65536 / 64];
    private readonly ulong[] _intentPorts = new ulong[65536 / 64];
    private int _generation = 1;
    private DateTime _retryAt;
    private long _sweepMark;

    /// <summary>Exact flows kept at most (the oldest unused are dropped past this).</summary>
    public int MaxFlows { get; init; } = 65536;

    /// <summary>Changes whenever anything is learned or forgotten: an answer given under one generation holds until it changes.</summary>
    internal int Generation => _generation;

    /// <summary>Exact flows known now.</summary>
    public int FlowCount => _flows.Count;

    /// <summary>Intents waiting for their first packet.</summary>
    public int PendingIntents { get; private set; }

    /// <summary>Exact flows dropped by the bound so far.</summary>
    public long FlowsEvicted { get; private set; }

    /// <summary>Records a socket whose whole flow is known (a connected socket of the snapshot).</summary>
    public void AddFlow(in FlowKey key, ProcessInfo owner)
    {
        if (_flows.Count >= MaxFlows) Sweep();
        _flows[key] = new FlowEntry(owner, _sweepMark);
        Set(_localPorts, key.LocalPort);
        _generation++;
    }

    /// <summary>Records a bound or listening socket: packets to (protocol, <paramref name="local"/>) from anywhere. Protocol 0 = TCP and UDP.</summary>
    public void AddBound(byte protocol, Endpoint local, ProcessInfo owner)
    {
        if (!_bound.TryGetValue((protocol, local.Port), out List<(Endpoint, ProcessInfo)>? list))
            _bound[(protocol, local.Port)] = list = [];
        list.RemoveAll(e => e.Item1 == local);
        list.Add((local, owner));
        Set(_localPorts, local.Port);
        _generation++;
    }

    /// <summary>Records that <paramref name="owner"/> is about to send towards <paramref name="remote"/> at <paramref name="time"/>.</summary>
    public void AddIntent(Endpoint remote, ProcessInfo owner, DateTime time)
    {
        if (!_intents.TryGetValue(remote, out List<Intent>? list)) _intents[remote] = list = [];
        Set(_intentPorts, remote.Port);
        // One waiting intent per process and endpoint: a socket that sends many times opens one flow.
        // It keeps its first call's time (the earliest packet it may explain) and lives from its last.
        int same = list.FindIndex(i => i.Owner.Pid == owner.Pid);
        if (!_intentsByAddress.TryGetValue(remote.Low ^ remote.High, out List<Intent>? byAddress))
            _intentsByAddress[remote.Low ^ remote.High] = byAddress = [];
        if (same >= 0)
        {
            list[same] = list[same].Renewed(time);
            int again = byAddress.FindIndex(i => i.Remote == remote && i.Owner.Pid == owner.Pid);
            if (again >= 0) byAddress[again] = byAddress[again].Renewed(time);
        }
        else
        {
            ExpireIntents(list, time);
            byAddress.RemoveAll(i => i.Expired(time));
            list.Add(new Intent(owner, time, time));
            PendingIntents++;
            byAddress.Add(new Intent(owner, time, time) { Remote = remote });
        }
        if (_intents.Count > MaxIntentEndpoints) PurgeIntents(time);
        _generation++;
    }

    /// <summary>
    /// The process that sent (<paramref name="outgoing"/> true) or receives the packet of <paramref name="flow"/>,
    /// or null. A packet that matches a bound port or an intent pins its flow, so the next one is an exact hit.
    /// </summary>
    public ProcessInfo? Lookup(in PacketFlow flow, bool? outgoing, DateTime now)
    {
        int slot = (int)((uint)flow.GetHashCode() % CacheSize);
        ref CacheSlot cached = ref _cache[slot];
        if (cached.Generation == _generation && cached.Outgoing == outgoing && cached.Flow.Equals(flow) && cached.Flow.Syn == flow.Syn && cached.Flow.Ack == flow.Ack && now < cached.Until)
            return cached.Owner;
        _retryAt = DateTime.MaxValue;
        ProcessInfo? owner = Resolve(flow, outgoing, now);
        // A miss because an intent's call came after this packet may be a hit for the flow's next packet.
        cached = new CacheSlot(flow, outgoing, _generation, owner) { Until = owner is null ? _retryAt : DateTime.MaxValue };
        return owner;
    }

    private ProcessInfo? Resolve(in PacketFlow flow, bool? outgoing, DateTime now)
    {
        // Direction known: the sender's socket for outgoing packets, the receiver's for incoming ones.
        bool sentFirst = outgoing ?? true;
        FlowKey first = sentFirst ? flow.AsSent : flow.AsReceived;
        ProcessInfo? owner;
        // A SYN opens a connection. On a 4-tuple an earlier connection used (a client port taken
        // again, perhaps by another process) the call or listener behind this one names it, and is
        // pinned in place of the old owner; a retransmitted SYN finds no new call and keeps the old.
        if (flow.Opening && TryLoose(flow, first, sentFirst, outgoing, now, out owner)) return owner;
        if (TryExact(first, out owner)) return owner;
        if (outgoing is null && TryExact(flow.AsReceived, out owner)) return owner;
        if (!flow.Opening && TryLoose(flow, first, sentFirst, outgoing, now, out owner)) return owner;
        return null;
    }

    /// <summary>An intent or a bound port for the packet, pinned as an exact flow when found.</summary>
    private bool TryLoose(in PacketFlow flow, in FlowKey first, bool sentFirst, bool? outgoing, DateTime now, out ProcessInfo? owner)
    {
        if (TryIntent(first, sentFirst, flow.Syn, now, out owner) || TryBound(first, out owner))
        {
            AddFlow(first, owner!);
            return true;
        }
        if (outgoing is null && TryBound(flow.AsReceived, out owner))
        {
            AddFlow(flow.AsReceived, owner!);
            return true;
        }
        return false;
    }

    private static void Set(ulong[] bits, ushort port) => bits[port >> 6] |= 1UL << (port & 63);

    private static bool IsSet(ulong[] bits, ushort port) => (bits[port >> 6] & (1UL << (port & 63))) != 0;

    private bool TryExact(in FlowKey key, out ProcessInfo? owner)
    {
        if (IsSet(_localPorts, key.LocalPort) && _flows.TryGetValue(key, out FlowEntry entry))
        {
            if (entry.Mark != _sweepMark) _flows[key] = entry with { Mark = _sweepMark };
            owner = entry.Owner;
            return true;
        }
        owner = null;
        return false;
    }

    private bool TryBound(in FlowKey key, out ProcessInfo? owner)
    {
        owner = null;
        if (!IsSet(_localPorts, key.LocalPort)) return false;
        foreach (byte protocol in (ReadOnlySpan<byte>)[key.Protocol, 0])
        {
            if (!_bound.TryGetValue((protocol, key.LocalPort), out List<(Endpoint Local, ProcessInfo Owner)>? list)) continue;
            // A socket bound to this very address wins over one bound to the wildcard.
            foreach ((Endpoint local, ProcessInfo o) in list)
            {
                if (local.High == key.LocalHigh && local.Low == key.LocalLow) { owner = o; return true; }
            }
            foreach ((Endpoint local, ProcessInfo o) in list)
            {
                if (local.IsAnyAddress) { owner = o; return true; }
            }
        }
        return false;
    }

    private bool TryIntent(in FlowKey key, bool sent, bool syn, DateTime now, out ProcessInfo? owner)
    {
        owner = null;
        // ICMP has no port to match: the identifier is the socket's, not the destination's.
        bool icmp = key.Protocol is 1 or 58;
        // An echo reply whose request was not seen cannot be told from someone else's: only requests take intents.
        if (icmp && !sent) return false;
        // connect() opens a connection: only its SYN (or the SYN-ACK answering it) may take the intent.
        if (key.Protocol == 6 && !syn) return false;
        List<Intent>? list;
        if (!icmp)
        {
            if (!IsSet(_intentPorts, key.RemotePort) || !_intents.TryGetValue(key.Remote, out list)) return false;
            return TakeOldest(list, key.Remote, now, out owner);
        }
        if (_intentsByAddress.Count == 0 || !_intentsByAddress.TryGetValue(key.RemoteLow ^ key.RemoteHigh, out list)) return false;
        // Only port 0 (ping's sendto/sendmsg): an intent with a port is a TCP or UDP flow's
        // (curl's connect, iputils' UDP route probe) and its own packet would go without a process.
        int best = -1;
        for (int i = 0; i < list.Count; i++)
        {
            Intent candidate = list[i];
            if (candidate.Remote.Port != 0 || candidate.Remote.High != key.RemoteHigh || candidate.Remote.Low != key.RemoteLow) continue;
            if (!Fits(candidate, now)) continue;
            if (best < 0 || candidate.First < list[best].First) best = i;
        }
        if (best < 0) return false;
        Intent chosen = list[best];
        owner = chosen.Owner;
        if (_intents.TryGetValue(chosen.Remote, out List<Intent>? exact)) RemoveIntent(exact, chosen.Owner);
        list.RemoveAt(best);
        return true;
    }

    private bool TakeOldest(List<Intent> list, Endpoint remote, DateTime now, out ProcessInfo? owner)
    {
        owner = null;
        ExpireIntents(list, now);
        // The oldest call this packet could have come from (not one made after it was sent).
        int best = -1;
        for (int i = 0; i < list.Count; i++)
        {
            if (Fits(list[i], now) && (best < 0 || list[i].First < list[best].First)) best = i;
        }
        if (best < 0) return false;
        Intent oldest = list[best];
        owner = oldest.Owner;
        list.RemoveAt(best);
        PendingIntents--;
        if (_intentsByAddress.TryGetValue(remote.Low ^ remote.High, out List<Intent>? byAddress))
            byAddress.RemoveAll(i => i.Remote == remote && ReferenceEquals(i.Owner, oldest.Owner));
        return true;
    }

    private void RemoveIntent(List<Intent> list, ProcessInfo owner)
    {
        int index = list.FindIndex(i => ReferenceEquals(i.Owner, owner));
        if (index < 0) return;
        list.RemoveAt(index);
        PendingIntents--;
    }

    private void ExpireIntents(List<Intent> list, DateTime now)
    {
        int removed = list.RemoveAll(i => i.Expired(now));
        PendingIntents -= removed;
    }

    private void PurgeIntents(DateTime now)
    {
        foreach ((Endpoint remote, List<Intent> list) in _intents)
        {
            ExpireIntents(list, now);
            if (list.Count == 0) _intents.Remove(remote);
        }
        foreach ((ulong address, List<Intent> list) in _intentsByAddress)
        {
            list.RemoveAll(i => i.Expired(now));
            if (list.Count == 0) _intentsByAddress.Remove(address);
        }
    }

    /// <summary>Drops exact flows not used since the previous sweep; when all were used, the older half by insertion.</summary>
    private void Sweep()
    {
        int before = _flows.Count;
        foreach ((FlowKey key, FlowEntry entry) in _flows)
        {
            if (entry.Mark != _sweepMark) _flows.Remove(key);
        }
        if (_flows.Count >= MaxFlows * 3 / 4)
        {
            int drop = _flows.Count / 2;
            foreach (FlowKey key in _flows.Keys.Take(drop).ToList()) _flows.Remove(key);
        }
        FlowsEvicted += before - _flows.Count;
        _sweepMark++;
        _generation++;
    }

    private readonly record struct FlowEntry(ProcessInfo Owner, long Mark);

    /// <summary>A process's pending calls towards one endpoint: the first (what it may explain) and the last (how long it lives).</summary>
    private readonly record struct Intent(ProcessInfo Owner, DateTime First, DateTime Last)
    {
        public Endpoint Remote { get; init; }

        public Intent Renewed(DateTime time) => this with { First = time < First ? time : First, Last = time > Last ? time : Last };

        public bool Expired(DateTime now) => now - Last > IntentLifetime;

        /// <summary>Could a packet stamped <paramref name="now"/> come from these calls? Not before the first, not long after the last.</summary>
        public bool Fits(DateTime now) => First - now <= CausalityTolerance && !Expired(now);
    }

    /// <summary>Whether an intent fits a packet stamped <paramref name="now"/>; one that is only too late for it marks when to look again.</summary>
    private bool Fits(in Intent intent, DateTime now)
    {
        if (intent.Fits(now)) return true;
        if (!intent.Expired(now) && intent.First - CausalityTolerance < _retryAt) _retryAt = intent.First - CausalityTolerance;
        return false;
    }

    private readonly record struct CacheSlot(PacketFlow Flow, bool? Outgoing, int Generation, ProcessInfo? Owner)
    {
        /// <summary>Packets stamped from then on look again (an intent too late for this one may fit them).</summary>
        public DateTime Until { get; init; }
    }
}
