namespace SockScope.Net.Ebpf;

/// <summary>
/// The way tracepoint programs hand their records to this process: a BPF ring buffer map, this
/// process's mapping of it, a one-slot array map in which the programs count the records they
/// could not reserve (the ring was full), and the clock that puts the records' kernel timestamps
/// on the wall clock. Process attribution and the socket watch each own one.
/// </summary>
internal sealed class TracepointEventChannel : IDisposable
{
    private TracepointEventChannel(BpfMap ring, BpfMap lost)
    {
        Ring = ring;
        Lost = lost;
        Buffer = new BpfRingBuffer(ring);
    }

    /// <summary>The ring buffer map the programs write into.</summary>
    public BpfMap Ring { get; }
    /// <summary>The array map (one u64 at key 0) the programs count lost records in.</summary>
    public BpfMap Lost { get; }
    /// <summary>The ring, mapped into this process.</summary>
    public BpfRingBuffer Buffer { get; }
    /// <summary>Turns the records' bpf_ktime_get_ns stamps into wall-clock times.</summary>
    public MonotonicClock Clock { get; } = new();

    /// <summary>Records the programs could not reserve because the ring was full.</summary>
    public ulong LostRecords => Lost.ReadCounter(0);

    /// <summary>Creates both maps, named <paramref name="namePrefix"/>_ring and _lost, and maps the ring.</summary>
    /// <exception cref="MissingPrivilegeException">Without CAP_BPF (or root).</exception>
    public static TracepointEventChannel Create(int ringBytes, string namePrefix)
    {
        // The ring first: without CAP_BPF this is what fails, and its message names the capabilities.
        BpfMap ring = BpfMap.Create(BpfMapType.RingBuffer, 0, 0, ringBytes, namePrefix + "_ring");
        BpfMap? lost = null;
        try
        {
            lost = BpfMap.Create(BpfMapType.Array, 4, 8, 1, namePrefix + "_lost");
            return new TracepointEventChannel(ring, lost);
        }
        catch
        {
            ring.Dispose();
            lost?.Dispose();
            throw;
        }
    }

    /// <summary>Unmaps the ring, then closes both maps (detach the programs first).</summary>
    public void Dispose()
    {
        Buffer.Dispose();
        Ring.Dispose();
        Lost.Dispose();
    }
}
