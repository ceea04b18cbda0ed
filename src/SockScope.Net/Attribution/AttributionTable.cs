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
/// A lookup costs one probe of a small direct-mapped cache when the flow was seen before, and a
/// few dictionary probes otherwise; nothing allocates per packet. Exact flows are bounded: past
/// <see cref="MaxFlows"/> the ones not used since the previous sweep are dropped.
/// </summary>
public sealed class AttributionTable
{
    private const int CacheSize = 4096;
    private const int MaxIntentEndpoints = 4096;
    private static readonly TimeSpan IntentLifetime = TimeSpan.FromSeconds(10);

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
    private long _sweepMark;

    /// <summary>Exact flows kept at most (the oldest unused are dropped past this).</summary>
    public int MaxFlows { get; init; } = 65536;

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
        int same = list.FindIndex(i => i.Owner.Pid == owner.Pid);
        if (!_intentsByAddress.TryGetValue(remote.Low ^ remote.High, out List<Intent>? byAddress))
            _intentsByAddress[remote.Low ^ remote.High] = byAddress = [];
        if (same >= 0)
        {
            list[same] = list[same] with { Time = time };
            int again = byAddress.FindIndex(i => i.Remote == remote && i.Owner.Pid == owner.Pid);
            if (again >= 0) byAddress[again] = byAddress[again] with { Time = time };
        }
        else
        {
            ExpireIntents(list, time);
            byAddress.RemoveAll(i => time - i.Time > IntentLifetime);
            list.Add(new Intent(owner, time));
            PendingIntents++;
            byAddress.Add(new Intent(owner, time) { Remote = remote });
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
        if (cached.Generation == _generation && cached.Outgoing == outgoing && cached.Flow.Equals(flow)) return cached.Owner;
        ProcessInfo? owner = Resolve(flow, outgoing, now);
        cached = new CacheSlot(flow, outgoing, _generation, owner);
        return owner;
    }

    private ProcessInfo? Resolve(in PacketFlow flow, bool? outgoing, DateTime now)
    {
        FlowKey sent = flow.AsSent, received = flow.AsReceived;
        // Direction known: the sender's socket for outgoing packets, the receiver's for incoming ones.
        bool sentFirst = outgoing ?? true;
        if (TryExact(sentFirst ? sent : received, out ProcessInfo? owner)) return owner;
        if (outgoing is null && TryExact(received, out owner)) return owner;
        FlowKey first = sentFirst ? sent : received;
        if (TryIntent(first, sentFirst, now, out owner) || TryBound(first, out owner)) return Pin(first, owner!);
        if (outgoing is null)
        {
            if (TryBound(received, out owner)) return Pin(received, owner!);
        }
        return null;
    }

    private ProcessInfo Pin(in FlowKey key, ProcessInfo owner)
    {
        AddFlow(key, owner);
        return owner;
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

    private bool TryIntent(in FlowKey key, bool sent, DateTime now, out ProcessInfo? owner)
    {
        owner = null;
        // ICMP has no port to match: the identifier is the socket's, not the destination's.
        bool icmp = key.Protocol is 1 or 58;
        // An echo reply whose request was not seen cannot be told from someone else's: only requests take intents.
        if (icmp && !sent) return false;
        List<Intent>? list;
        if (!icmp)
        {
            if (!IsSet(_intentPorts, key.RemotePort) || !_intents.TryGetValue(key.Remote, out list)) return false;
            return TakeOldest(list, key.Remote, now, out owner);
        }
        if (_intentsByAddress.Count == 0 || !_intentsByAddress.TryGetValue(key.RemoteLow ^ key.RemoteHigh, out list)) return false;
        // Prefer an intent with port 0 (ping's sendto), else the oldest to that address.
        int best = -1;
        for (int i = 0; i < list.Count; i++)
        {
            Intent candidate = list[i];
            if (candidate.Remote.High != key.RemoteHigh || candidate.Remote.Low != key.RemoteLow) continue;
            if (now - candidate.Time > IntentLifetime) continue;
            if (best < 0 || (candidate.Remote.Port == 0 && list[best].Remote.Port != 0)) best = i;
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
        if (list.Count == 0) return false;
        Intent oldest = list[0];
        owner = oldest.Owner;
        RemoveIntent(list, oldest.Owner);
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
        int removed = list.RemoveAll(i => now - i.Time > IntentLifetime);
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
            list.RemoveAll(i => now - i.Time > IntentLifetime);
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

    private readonly record struct Intent(ProcessInfo Owner, DateTime Time)
    {
        public Endpoint Remote { get; init; }
    }

    private readonly record struct CacheSlot(PacketFlow Flow, bool? Outgoing, int Generation, ProcessInfo? Owner);
}
