using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Capture;
using SockScope.Net.Netlink;
using SockScope.Net.Observability;
using SockScope.Wire;
using SockScope.Wire.Ip;

namespace SockScope.Net.Attribution;

/// <summary>How process attribution learns about sockets.</summary>
public enum AttributionMechanism
{
    /// <summary>eBPF tracepoint programs report every bind/connect/sendto/sendmsg as it happens, plus a snapshot at start.</summary>
    Ebpf,
    /// <summary>No eBPF: the socket table (sock_diag + /proc) is re-read at most once a second when a packet's flow is unknown.</summary>
    SocketTablePolling,
}

/// <summary>Which ends of a packet are sockets of this host (see <see cref="ProcessAttribution.LookupEnds"/>).</summary>
[Flags]
public enum LocalEnds : byte
{
    /// <summary>Neither end can be told (unknown direction, another host's packet, not TCP/UDP/ICMP echo).</summary>
    None = 0,
    /// <summary>The packet leaves this host: its sender is local.</summary>
    Sender = 1,
    /// <summary>The packet is addressed to this host: its receiver is local.</summary>
    Receiver = 2,
}

/// <summary>
/// Names the process behind each captured packet. At start: a snapshot of the sockets that exist
/// (sock_diag + /proc, so connections opened before the capture are attributed), then socket
/// calls from the kernel as they happen (<see cref="SocketCallEvents"/>). The join itself is a
/// user-space lookup (<see cref="AttributionTable"/>): no syscall per packet, the BPF ring buffer
/// is only read (a memory compare) when a packet's flow is not known yet.
/// </summary>
public sealed class ProcessAttribution : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly AttributionTable _table = new();
    private readonly ProcessResolver _resolver = new();
    private readonly SocketCallEvents? _events;
    private readonly ConcurrentQueue<(SocketCallRecord Record, ProcessInfo Owner)> _resolved = new();
    private Thread? _reader;
    private volatile bool _stopping;
    private long _lastSnapshot;

    private readonly ulong _networkNamespace = ProcessResolver.OwnNetworkNamespace();

    private ProcessAttribution(SocketCallEvents? events, string? fallbackReason)
    {
        _events = events;
        FallbackReason = fallbackReason;
    }

    /// <summary>
    /// The event reader: drains the BPF ring buffer as soon as the kernel writes and reads /proc
    /// for each new process at once, while a short-lived process is still there to be read.
    /// </summary>
    private void ReadEvents()
    {
        while (!_stopping)
        {
            if (!_events!.Wait(100)) continue;
            _events.Drain(record =>
            {
                ProcessInfo owner = _resolver.Resolve(record.Pid, record.Tid, record.Command, record.Uid, record.Gid, record.CgroupId);
                _resolved.Enqueue((record, owner));
            });
        }
    }

    /// <summary>How sockets are learned in this run.</summary>
    public AttributionMechanism Mechanism => _events is null ? AttributionMechanism.SocketTablePolling : AttributionMechanism.Ebpf;

    /// <summary>Why eBPF is not used (null when it is).</summary>
    public string? FallbackReason { get; }

    /// <summary>The limits of the polling fallback, in one line for stderr.</summary>
    public string? FallbackNotice => FallbackReason is null ? null
        : $"process attribution without eBPF ({FallbackReason}): polling the socket table (sock_diag + /proc) at most once a second; " +
          "sockets that live less than that (one-shot UDP clients, short connections) and ping's ICMP sockets are not attributed";

    /// <summary>The user-space join table (for statistics and bounds).</summary>
    public AttributionTable Table => _table;

    /// <summary>Events the kernel dropped because the ring buffer was full (0 without eBPF).</summary>
    public ulong LostEvents => _events?.LostEvents ?? 0;

    /// <summary>Events read from the kernel so far.</summary>
    public long EventsRead => _events?.EventsRead ?? 0;

    /// <summary>
    /// Starts attribution: eBPF when it loads, else the polling fallback (or, with
    /// <paramref name="requireEbpf"/>, a <see cref="NetOperationException"/> naming the capability).
    /// </summary>
    public static ProcessAttribution Start(bool requireEbpf = false)
    {
        SocketCallEvents? events = null;
        string? reason = null;
        if (Environment.GetEnvironmentVariable("SOCKSCOPE_NO_EBPF") == "1")
        {
            reason = "SOCKSCOPE_NO_EBPF=1";
        }
        else
        {
            try
            {
                // Calls of other network namespaces are dropped in the kernel where its BTF allows
                // (else in Apply, by each process's /proc/PID/ns/net).
                ulong ownNamespace = ProcessResolver.OwnNetworkNamespace();
                events = SocketCallEvents.Start(new AttributionKernelFilter { NetworkNamespace = ownNamespace is > 0 and <= uint.MaxValue ? (uint)ownNamespace : null });
            }
            catch (NetOperationException e)
            {
                if (requireEbpf) throw;
                reason = e is MissingPrivilegeException m ? $"needs {m.Capability}" : e.Message;
            }
            catch (Exception e) when (e is PlatformNotSupportedException or IOException or UnauthorizedAccessException)
            {
                if (requireEbpf) throw new NetOperationException("process attribution", Interop.Errno.EPERM, e.Message);
                reason = e.Message;
            }
        }
        var attribution = new ProcessAttribution(events, reason);
        // After the programs are attached, so that no socket falls between the snapshot and the events.
        attribution.Snapshot();
        attribution.WarmUp();
        if (events is not null)
        {
            attribution._reader = new Thread(attribution.ReadEvents) { IsBackground = true, Name = "sockscope attribution" };
            attribution._reader.Start();
        }
        return attribution;
    }

    /// <summary>Reads the kernel's pending socket calls into the table (cheap when there are none).</summary>
    public void Pump()
    {
        while (_resolved.TryDequeue(out (SocketCallRecord Record, ProcessInfo Owner) item)) Apply(item.Record, item.Owner);
    }

    /// <summary>
    /// Brings the table up to everything the kernel has written so far: waits (briefly, bounded)
    /// for the reader thread to consume what is pending, then applies it. Only after a miss.
    /// </summary>
    private bool CatchUp()
    {
        bool any = !_resolved.IsEmpty;
        if (_events!.HasPending)
        {
            any = true;
            // Bounded: on a loaded machine the reader thread may wait for a CPU a while.
            long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 4;
            var spin = new SpinWait();
            while (_events.HasPending && Stopwatch.GetTimestamp() < deadline) spin.SpinOnce();
        }
        if (any) Pump();
        return any;
    }

    /// <summary>
    /// The process that sent or receives this frame, or null (not TCP/UDP/ICMP echo, forwarded
    /// traffic, a socket not known). <paramref name="direction"/> is the packet socket's
    /// classification; null when the capture cannot tell (raw IP sockets).
    /// </summary>
    public ProcessInfo? Lookup(LinkType linkType, ReadOnlySpan<byte> frame, PacketDirection? direction, long timestampNanoseconds) =>
        Lookup(linkType, frame, direction, timestampNanoseconds, wantPeer: false, out _);

    /// <summary>
    /// As <see cref="Lookup(LinkType, ReadOnlySpan{byte}, PacketDirection?, long)"/>, and on loopback,
    /// where both ends are sockets of this host, the other end's process in <paramref name="peer"/>.
    /// On loopback the sender is the one returned (the packet socket sees each packet once there).
    /// </summary>
    public ProcessInfo? Lookup(LinkType linkType, ReadOnlySpan<byte> frame, PacketDirection? direction, long timestampNanoseconds, out ProcessInfo? peer) =>
        Lookup(linkType, frame, direction, timestampNanoseconds, wantPeer: true, out peer);

    private ProcessInfo? Lookup(LinkType linkType, ReadOnlySpan<byte> frame, PacketDirection? direction, long timestampNanoseconds, bool wantPeer, out ProcessInfo? peer)
    {
        peer = null;
        // Another host's packet (promiscuous mode) is no local socket's: a wildcard listener on its
        // destination port would otherwise be named for it.
        if (direction == PacketDirection.OtherHost) return null;
        // The packet before was of the same flow, in the same direction, and nothing was learned since: its process.
        LastFlowMemo key = default;
        bool memo = !wantPeer && LastFlowMemo.TryRead(linkType, frame, direction, out key);
        if (memo && key.Matches(_last, _table.Generation)) return _last.Owner;
        if (!PacketFlow.TryRead(linkType, frame, out PacketFlow flow)) return null;
        bool loopback = IsLoopback(flow.Source) && IsLoopback(flow.Destination);
        bool? outgoing = loopback ? true : direction switch
        {
            PacketDirection.Outgoing => true,
            null => null,
            _ => false,
        };
        DateTime now = DateTime.UnixEpoch.AddTicks(timestampNanoseconds / 100);
        ProcessInfo? owner = Find(flow, outgoing, now);
        if (loopback && wantPeer) peer = Find(flow, false, now);
        // Only a process is remembered: a miss may turn into a hit with time (an intent stamped later).
        if (memo && owner is not null) _last = key with { Generation = _table.Generation, Owner = owner };
        return owner;
    }

    private LastFlowMemo _last;

    /// <summary>
    /// The raw flow bytes of an IPv4 TCP or UDP packet (addresses, ports, protocol, SYN) and its
    /// direction, read with the same checks as <see cref="PacketFlow.TryRead"/> but without building
    /// the flow: floods and bulk transfers send runs of one flow, and a run costs one compare a packet.
    /// </summary>
    private readonly record struct LastFlowMemo(ulong Addresses, uint Ports, int ProtocolAndSyn, PacketDirection? Direction, LinkType LinkType)
    {
        public int Generation { get; init; }
        public ProcessInfo? Owner { get; init; }

        public bool Matches(in LastFlowMemo last, int generation) =>
            last.Owner is not null && last.Generation == generation && Addresses == last.Addresses && Ports == last.Ports
            && ProtocolAndSyn == last.ProtocolAndSyn && Direction == last.Direction && LinkType == last.LinkType;

        public static bool TryRead(LinkType linkType, ReadOnlySpan<byte> frame, PacketDirection? direction, out LastFlowMemo key)
        {
            key = default;
            int at;
            switch (linkType)
            {
                case LinkType.Ethernet:
                    if (frame.Length < 14 || frame[12] != 0x08 || frame[13] != 0x00) return false;
                    at = 14;
                    break;
                case LinkType.LinuxSll2:
                    if (frame.Length < 20 || frame[0] != 0x08 || frame[1] != 0x00) return false;
                    at = 20;
                    break;
                case LinkType.Raw:
                    at = 0;
                    break;
                default:
                    return false;
            }
            ReadOnlySpan<byte> ip = frame[at..];
            // As Ipv4Packet.TryCreate: version 4, a header of 20 bytes or more, captured, total length not below it
            // (0 is a length presumed to run to the end of the capture: TSO and BIG TCP).
            if (ip.Length < 20 || ip[0] >> 4 != 4) return false;
            int headerLength = (ip[0] & 0x0F) << 2;
            if (headerLength < 20 || ip.Length < headerLength) return false;
            int totalLength = Ipv4Packet.DatagramLength(ip);
            if (totalLength < headerLength) return false;
            // A later fragment has no ports.
            if ((System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1FFF) != 0) return false;
            byte protocol = ip[9];
            ReadOnlySpan<byte> l4 = ip[headerLength..Math.Min(totalLength, ip.Length)];
            int protocolAndSyn;
            if (protocol == 6)
            {
                // As TcpSegment.TryCreate.
                if (l4.Length < 20 || l4[12] >> 4 < 5 || l4.Length < (l4[12] >> 4) * 4) return false;
                protocolAndSyn = 6 | ((l4[13] & 0x02) << 7);
            }
            else if (protocol == 17)
            {
                if (l4.Length < 8) return false;
                protocolAndSyn = 17;
            }
            else
            {
                return false;
            }
            key = new LastFlowMemo(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(ip[12..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(l4), protocolAndSyn, direction, linkType);
            return true;
        }
    }

    /// <summary>
    /// The processes at the two ends of this frame, as far as this host has them: the
    /// <paramref name="sender"/> of an outgoing packet, the <paramref name="receiver"/> of one
    /// addressed to this host, both on loopback. Neither when the direction is unknown or the packet
    /// is another host's (promiscuous mode): guessing a side would risk naming the wrong process.
    /// Returns which ends are this host's and were looked up (found or not).
    /// </summary>
    public LocalEnds LookupEnds(LinkType linkType, ReadOnlySpan<byte> frame, PacketDirection? direction, long timestampNanoseconds,
        out ProcessInfo? sender, out ProcessInfo? receiver)
    {
        sender = receiver = null;
        if (direction is null or PacketDirection.OtherHost) return LocalEnds.None;
        if (!PacketFlow.TryRead(linkType, frame, out PacketFlow flow)) return LocalEnds.None;
        DateTime now = DateTime.UnixEpoch.AddTicks(timestampNanoseconds / 100);
        bool loopback = IsLoopback(flow.Source) && IsLoopback(flow.Destination);
        LocalEnds ends = loopback ? LocalEnds.Sender | LocalEnds.Receiver : direction == PacketDirection.Outgoing ? LocalEnds.Sender : LocalEnds.Receiver;
        if ((ends & LocalEnds.Sender) != 0) sender = Find(flow, true, now);
        if ((ends & LocalEnds.Receiver) != 0) receiver = Find(flow, false, now);
        return ends;
    }

    private ProcessInfo? Find(in PacketFlow flow, bool? outgoing, DateTime now)
    {
        ProcessInfo? owner = _table.Lookup(flow, outgoing, now);
        if (owner is not null) return owner;
        if (_events is not null)
        {
            // A TCP segment without SYN takes no intent, so no call still waiting in the ring can name
            // it (a listener's bind is applied with the next batch): no catch-up for it. Unknown TCP
            // connections (forwarded, or opened before the capture and closed since) cost no more than a probe.
            if (flow.Protocol == 6 && !flow.Syn) return null;
            return CatchUp() ? _table.Lookup(flow, outgoing, now) : null;
        }
        if (Stopwatch.GetElapsedTime(_lastSnapshot) < PollInterval) return null;
        Snapshot();
        return _table.Lookup(flow, outgoing, now);
    }

    /// <summary>
    /// Runs the per-packet path once per protocol on made-up frames (TEST-NET addresses no socket
    /// has), so that its first real packets do not wait for the JIT while the ring fills.
    /// </summary>
    private void WarmUp()
    {
        Span<byte> frame = stackalloc byte[14 + 40 + 20];
        foreach (byte protocol in (ReadOnlySpan<byte>)[6, 17, 1])
        {
            frame.Clear();
            frame[12] = 0x08;
            Span<byte> ip = frame[14..];
            ip[0] = 0x45;
            ip[3] = 40;
            ip[8] = 64;
            ip[9] = protocol;
            ip[12] = 192; ip[13] = 0; ip[14] = 2; ip[15] = 1;
            ip[16] = 192; ip[17] = 0; ip[18] = 2; ip[19] = 2;
            ip[20] = protocol == 1 ? (byte)8 : (byte)0x13;
            ip[25] = 8;
            ip[32] = 0x50;
            for (int i = 0; i < 2; i++)
                Lookup(LinkType.Ethernet, frame[..(14 + 40)], PacketDirection.Outgoing, 0);
        }
    }

    /// <summary>127.0.0.0/8 (IPv4-mapped) or ::1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsLoopback(Endpoint e) =>
        e.High == 0 && ((e.Low >> 24) == 0x0000_FFFF_7FUL || e.Low == 1);

    private void Apply(SocketCallRecord record, ProcessInfo owner)
    {
        if (record.Address.Port == 0 && record.Call == AttributedCall.Bind) return;
        // The tracepoints see every namespace's calls; a bind or connect in another network
        // namespace names sockets this capture never sees (and would take the place of a listener of
        // ours on the same port). The programs drop them in the kernel where its BTF gives the
        // offsets; without that, a process that ended before it could be read stays a candidate.
        if (owner.NetworkNamespace != 0 && _networkNamespace != 0 && owner.NetworkNamespace != _networkNamespace) return;
        if (record.Call == AttributedCall.Bind) _table.AddBound(0, record.Address, owner);
        else _table.AddIntent(record.Address, owner, record.Time);
    }

    /// <summary>Reads the sockets that exist now (TCP and UDP, IPv4 and IPv6) with their owners.</summary>
    private void Snapshot()
    {
        _lastSnapshot = Stopwatch.GetTimestamp();
        SocketListing listing;
        try
        {
            listing = SocketTable.Query(new SocketQuery { Tcp = true, Udp = true, States = SocketQuery.AllStates, Owners = true });
        }
        catch (NetOperationException)
        {
            return;
        }
        foreach (SocketInfo socket in listing.Sockets)
        {
            if (socket is not InetSocketInfo inet) continue;
            IReadOnlyList<SocketOwner> owners = listing.Owners.Of(inet.Inode);
            if (owners.Count == 0) continue;
            byte protocol = inet.Kind == SocketKind.Tcp ? (byte)6 : (byte)17;
            ProcessInfo owner = _resolver.Resolve(owners[0].Pid);
            Endpoint local = ToEndpoint(inet.LocalAddress, inet.LocalPort), remote = ToEndpoint(inet.RemoteAddress, inet.RemotePort);
            if (inet.State == SocketState.Listen || (remote.Port == 0 && remote.IsAnyAddress))
                _table.AddBound(protocol, local, owner);
            else
                _table.AddFlow(new FlowKey(protocol, local.High, local.Low, local.Port, remote.High, remote.Low, remote.Port), owner);
        }
    }

    /// <summary>An <see cref="IPAddress"/> and port as an endpoint (IPv4 mapped).</summary>
    public static Endpoint ToEndpoint(IPAddress address, int port)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return new Endpoint(0, FlowKey.MappedLow(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes)), (ushort)port);
        }
        address.TryWriteBytes(bytes, out _);
        return new Endpoint(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), (ushort)port);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        _reader?.Join();
        _events?.Dispose();
    }
}
