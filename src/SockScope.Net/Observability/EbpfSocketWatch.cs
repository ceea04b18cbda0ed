using System.Buffers.Binary;
using SockScope.Net.Ebpf;
using static SockScope.Net.Observability.WatchRecordOffsets;

namespace SockScope.Net.Observability;

/// <summary>
/// The eBPF socket watch: one entry and one exit program per traced syscall, attached to the
/// syscalls tracepoints, writing into one BPF ring buffer that this process maps and drains.
/// </summary>
public sealed class EbpfSocketWatch : ISocketWatch
{
    private readonly TracepointEventChannel _channel;
    private readonly BpfMap _pending;
    private readonly TracepointPrograms _programs = new();
    private readonly SocketWatchOptions _options;

    private EbpfSocketWatch(SocketWatchOptions options, TracepointEventChannel channel, BpfMap pending)
    {
        _options = options;
        _channel = channel;
        _pending = pending;
    }

    /// <inheritdoc/>
    public string Mechanism => "eBPF ring buffer";
    /// <summary>Records the programs could not reserve in the ring buffer (it was full), read from the programs' counter map.</summary>
    public ulong LostEvents => _channel.LostRecords;
    /// <inheritdoc/>
    public long RecordsReceived => _channel.Buffer.RecordsRead;
    /// <summary>The number of eBPF programs loaded and attached: an entry and an exit program per selected syscall.</summary>
    public int ProgramCount => _programs.Count;

    /// <summary>Creates the maps, loads and attaches the programs for <paramref name="options"/>; events flow once <see cref="Run"/> is called.</summary>
    /// <exception cref="ArgumentException">When <see cref="SocketWatchOptions.RingBufferBytes"/> is not a power of two of at least one page.</exception>
    /// <exception cref="MissingPrivilegeException">Without CAP_BPF and CAP_PERFMON (or root).</exception>
    /// <exception cref="BpfVerifierException">When the kernel's verifier refuses a program.</exception>
    /// <exception cref="NetOperationException">When a tracepoint is missing or the kernel refuses otherwise.</exception>
    public static EbpfSocketWatch Start(SocketWatchOptions options)
    {
        if (options.RingBufferBytes < Environment.SystemPageSize || (options.RingBufferBytes & (options.RingBufferBytes - 1)) != 0)
            throw new ArgumentException("the ring buffer size must be a power of two of at least one page", nameof(options));
        TracepointEventChannel channel = TracepointEventChannel.Create(options.RingBufferBytes, "ss_watch");
        BpfMap ring = channel.Ring, lost = channel.Lost;
        BpfMap? pending = null;
        EbpfSocketWatch? watch = null;
        try
        {
            string tracefs = Tracefs.Locate();
            pending = BpfMap.Create(BpfMapType.Hash, 4, SocketWatchProgram.PendingValueSize, 65536, "ss_watch_tids");
            watch = new EbpfSocketWatch(options, channel, pending);
            var filter = new KernelWatchFilter(options.Pid, options.Command);
            foreach (WatchedSyscall syscall in options.SelectedSyscalls)
            {
                string name = WatchedSyscalls.Name(syscall);
                TracepointFormat enter = TracepointFormat.Read(tracefs, "syscalls", "sys_enter_" + name);
                TracepointFormat exit = TracepointFormat.Read(tracefs, "syscalls", "sys_exit_" + name);
                EbpfProgram enterProgram = EbpfProgram.Load(BpfProgramType.Tracepoint,
                    SocketWatchProgram.Entry(syscall, enter, filter, ring, pending, lost), "ss_in_" + name);
                watch._programs.Add(enterProgram);
                EbpfProgram exitProgram = EbpfProgram.Load(BpfProgramType.Tracepoint,
                    SocketWatchProgram.Exit(syscall, exit, ring, pending, lost), "ss_out_" + name);
                watch._programs.Add(exitProgram);
                // Exit first, so that no entry is remembered without its exit program in place.
                watch._programs.Attach(exit, exitProgram);
                watch._programs.Attach(enter, enterProgram);
            }
            return watch;
        }
        catch
        {
            if (watch is not null) watch.Dispose();
            else
            {
                channel.Dispose();
                pending?.Dispose();
            }
            throw;
        }
    }

    /// <inheritdoc/>
    public void Run(Func<SocketCallEvent, bool> onEvent, CancellationToken cancellation)
    {
        var sink = new RecordSink(this, new SocketCallPairing(_options), onEvent);
        while (!cancellation.IsCancellationRequested && !sink.Pairing.Stopped)
        {
            if (_channel.Buffer.Wait(100)) _channel.Buffer.Drain(sink);
        }
        // Whatever the kernel had already written still counts.
        if (!sink.Pairing.Stopped) _channel.Buffer.Drain(sink);
        sink.Pairing.Flush(onEvent);
    }

    private sealed class RecordSink(EbpfSocketWatch watch, SocketCallPairing pairing, Func<SocketCallEvent, bool> deliver) : IBpfRecordSink
    {
        public SocketCallPairing Pairing { get; } = pairing;

        public void OnRecord(ReadOnlySpan<byte> r)
        {
            if (r.Length < SmallSize || Pairing.Stopped) return;
            var syscall = (WatchedSyscall)r[Syscall];
            int tid = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[Tid..]);
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(r[DataLength..]), Math.Max(0, r.Length - Data));
            byte[] data = length > 0 ? r.Slice(Data, length).ToArray() : [];
            if (r[Phase] == 1)
            {
                Pairing.Exit(tid, syscall, BinaryPrimitives.ReadInt64LittleEndian(r[Return..]), data, deliver);
                return;
            }
            long[] args = new long[ArgumentCount];
            for (int i = 0; i < ArgumentCount; i++) args[i] = BinaryPrimitives.ReadInt64LittleEndian(r[(Arguments + 8 * i)..]);
            var call = new SocketCallEvent
            {
                Time = watch._channel.Clock.ToUtc(BinaryPrimitives.ReadUInt64LittleEndian(r[Time..])).ToLocalTime(),
                Pid = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[Pid..]),
                Tid = tid,
                Uid = BinaryPrimitives.ReadUInt32LittleEndian(r[Uid..]),
                Command = CommandNameMatch.Decode(r.Slice(Command, 16)),
                Syscall = syscall,
                Arguments = args,
                Data = data,
            };
            Pairing.Entry(call, deliver);
        }
    }

    /// <summary>Detaches and unloads the programs, unmaps the ring buffer and closes the maps.</summary>
    public void Dispose()
    {
        _programs.Dispose();
        _channel.Dispose();
        _pending.Dispose();
    }
}
