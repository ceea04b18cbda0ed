using System.Buffers.Binary;
using SockScope.Net.Ebpf;

namespace SockScope.Net.Attribution;

/// <summary>One socket call the kernel reported: who made it and towards which address.</summary>
public readonly record struct SocketCallRecord(AttributedCall Call, int Pid, int Tid, uint Uid, uint Gid, ulong CgroupId, string Command, Endpoint Address, DateTime Time);

/// <summary>
/// The kernel half of process attribution: tracepoint programs on sys_enter_bind, _connect,
/// _sendto and _sendmsg writing into one BPF ring buffer that this process maps. Reading it is a
/// memory compare when nothing is new, so the capture loop may ask before every lookup that missed.
/// </summary>
public sealed class SocketCallEvents : IDisposable
{
    private readonly TracepointEventChannel _channel;
    private TracepointPrograms _programs = new();

    private SocketCallEvents(TracepointEventChannel channel) => _channel = channel;

    /// <summary>Events the kernel could not write because the ring buffer was full.</summary>
    public ulong LostEvents => _channel.LostRecords;

    /// <summary>Events read so far.</summary>
    public long EventsRead => _channel.Buffer.RecordsRead;

    /// <summary>
    /// True when the programs keep only the calls of <see cref="AttributionKernelFilter.NetworkNamespace"/>
    /// themselves (the kernel's BTF gave the offsets and the verifier took them); false when the
    /// caller must check each process's namespace.
    /// </summary>
    public bool FiltersNamespaceInKernel { get; private set; }

    /// <summary>The BPF maps this source holds (for the bound check: their sizes never change).</summary>
    public IReadOnlyList<BpfMap> Maps => [_channel.Ring, _channel.Lost];

    /// <summary>Loads and attaches the programs. Throws <see cref="MissingPrivilegeException"/> without CAP_BPF/CAP_PERFMON.</summary>
    public static SocketCallEvents Start(AttributionKernelFilter filter, int ringBytes = 1 << 20)
    {
        var events = new SocketCallEvents(TracepointEventChannel.Create(ringBytes, "ss_attr"));
        try
        {
            string tracefs = Tracefs.Locate();
            NetworkNamespacePath? namespacePath = filter.NetworkNamespace is null ? null : NetworkNamespacePath.ForRunningKernel;
            try
            {
                events.AttachAll(tracefs, filter, namespacePath);
            }
            catch (BpfVerifierException) when (namespacePath is not null)
            {
                // A kernel that refuses the pointer walk still gets every program; the namespace is
                // then checked in user space.
                namespacePath = null;
                events._programs.Dispose();
                events._programs = new TracepointPrograms();
                events.AttachAll(tracefs, filter, null);
            }
            events.FiltersNamespaceInKernel = namespacePath is not null;
            return events;
        }
        catch
        {
            events.Dispose();
            throw;
        }
    }

    private void AttachAll(string tracefs, AttributionKernelFilter filter, NetworkNamespacePath? namespacePath)
    {
        foreach ((AttributedCall call, string name) in new[] { (AttributedCall.Bind, "bind"), (AttributedCall.Connect, "connect"), (AttributedCall.SendTo, "sendto"), (AttributedCall.SendMsg, "sendmsg") })
        {
            TracepointFormat format = TracepointFormat.Read(tracefs, "syscalls", "sys_enter_" + name);
            EbpfProgram program = EbpfProgram.Load(BpfProgramType.Tracepoint, AttributionProgram.Entry(call, format, filter, _channel.Ring, _channel.Lost, namespacePath), "ss_attr_" + name);
            _programs.Attach(format, _programs.Add(program));
        }
    }

    /// <summary>True when the kernel has written records not read yet (one memory compare).</summary>
    public bool HasPending => _channel.Buffer.HasData;

    /// <summary>Waits up to <paramref name="timeoutMs"/> for records (poll on the ring buffer).</summary>
    public bool Wait(int timeoutMs) => _channel.Buffer.Wait(timeoutMs);

    /// <summary>Hands every pending record to <paramref name="onRecord"/>; returns how many.</summary>
    public int Drain(Action<SocketCallRecord> onRecord)
    {
        return _channel.Buffer.Drain(new Sink(this, onRecord));
    }

    private readonly struct Sink(SocketCallEvents owner, Action<SocketCallRecord> onRecord) : IBpfRecordSink
    {
        public void OnRecord(ReadOnlySpan<byte> r)
        {
            if (TryParse(r, owner._channel.Clock, out SocketCallRecord record)) onRecord(record);
        }
    }

    /// <summary>Decodes one ring-buffer record (SockScope's layout, <see cref="AttributionRecord"/>).</summary>
    internal static bool TryParse(ReadOnlySpan<byte> r, MonotonicClock clock, out SocketCallRecord record)
    {
        record = default;
        if (r.Length < AttributionRecord.Size) return false;
        int length = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(r[AttributionRecord.AddressLength..]), AttributionRecord.AddressCapacity);
        if (!TryReadSockaddr(r.Slice(AttributionRecord.Address, length), out Endpoint address)) return false;
        record = new SocketCallRecord(
            (AttributedCall)r[AttributionRecord.Call],
            (int)BinaryPrimitives.ReadUInt32LittleEndian(r[AttributionRecord.Pid..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(r[AttributionRecord.Tid..]),
            BinaryPrimitives.ReadUInt32LittleEndian(r[AttributionRecord.Uid..]),
            BinaryPrimitives.ReadUInt32LittleEndian(r[AttributionRecord.Gid..]),
            BinaryPrimitives.ReadUInt64LittleEndian(r[AttributionRecord.CgroupId..]),
            CommandNameMatch.Decode(r.Slice(AttributionRecord.Command, 16)),
            address,
            clock.ToUtc(BinaryPrimitives.ReadUInt64LittleEndian(r[AttributionRecord.Time..])));
        return true;
    }

    /// <summary>struct sockaddr_in (family 2) or sockaddr_in6 (family 10) to an endpoint.</summary>
    public static bool TryReadSockaddr(ReadOnlySpan<byte> s, out Endpoint endpoint)
    {
        endpoint = default;
        if (s.Length < 2) return false;
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(s);
        if (family == 2 && s.Length >= 8)
        {
            endpoint = new Endpoint(0, FlowKey.MappedLow(BinaryPrimitives.ReadUInt32BigEndian(s[4..])), BinaryPrimitives.ReadUInt16BigEndian(s[2..]));
            return true;
        }
        if (family == 10 && s.Length >= 24)
        {
            endpoint = new Endpoint(BinaryPrimitives.ReadUInt64BigEndian(s[8..]), BinaryPrimitives.ReadUInt64BigEndian(s[16..]), BinaryPrimitives.ReadUInt16BigEndian(s[2..]));
            return true;
        }
        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _programs.Dispose();
        _channel.Dispose();
    }
}
