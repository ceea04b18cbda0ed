using SockScope.Net.Interop;

namespace SockScope.Net.Ebpf;

/// <summary>Consumes one record of a BPF ring buffer while it is still in the mapped buffer.</summary>
public interface IBpfRecordSink
{
    /// <summary>Handles one record's payload (its 8-byte header removed); the span is valid only during the call.</summary>
    void OnRecord(ReadOnlySpan<byte> record);
}

/// <summary>
/// The user side of a BPF_MAP_TYPE_RINGBUF map, mapped into the process: a writable consumer
/// page (consumer position), a read-only producer page (producer position) and the data pages,
/// mapped twice in a row so a record that wraps is still contiguous. Each record has an 8-byte
/// header: u32 length with the busy (bit 31) and discard (bit 30) flags, u32 page offset.
/// </summary>
public sealed unsafe class BpfRingBuffer : IDisposable
{
    private const uint BusyBit = 1u << 31;
    private const uint DiscardBit = 1u << 30;
    private const int HeaderSize = 8;

    private readonly BpfMap _map;
    private readonly nuint _pageSize;
    private readonly ulong _mask;
    private byte* _consumerPage;
    private byte* _producerPage;
    private readonly nuint _producerLength;

    /// <summary>Maps the ring buffer of <paramref name="map"/> into this process (consumer page read-write, producer and data pages read-only).</summary>
    /// <param name="map">A <see cref="BpfMapType.RingBuffer"/> map; it must outlive this object.</param>
    /// <exception cref="ArgumentException">When the map is not a ring buffer.</exception>
    public BpfRingBuffer(BpfMap map)
    {
        if (map.Type != BpfMapType.RingBuffer) throw new ArgumentException("not a ring buffer map", nameof(map));
        _map = map;
        _pageSize = (nuint)Environment.SystemPageSize;
        _mask = (ulong)map.MaxEntries - 1;
        MemoryMap.MapShared(map.Handle, _pageSize, MemoryMap.PROT_READ | MemoryMap.PROT_WRITE, 0, out void* consumer)
            .ThrowIfFailed("mmap ring buffer");
        _consumerPage = (byte*)consumer;
        _producerLength = _pageSize + 2 * (nuint)map.MaxEntries;
        Errno errno = MemoryMap.MapShared(map.Handle, _producerLength, MemoryMap.PROT_READ, (nint)_pageSize, out void* producer);
        if (errno != Errno.None)
        {
            MemoryMap.Unmap(_consumerPage, _pageSize);
            throw new NetOperationException("mmap ring buffer", errno);
        }
        _producerPage = (byte*)producer;
    }

    /// <summary>Records consumed so far (discarded ones not included).</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for data; true when there may be records to read.</summary>
    public bool Wait(int timeoutMs)
    {
        if (HasData) return true;
        int n = Poll.WaitOne(_map.Handle, Poll.POLLIN, timeoutMs, out Errno errno);
        if (n < 0)
        {
            if (errno == Errno.EINTR) return false;
            throw new NetOperationException("poll ring buffer", errno);
        }
        return n > 0 || HasData;
    }

    /// <summary>True when the kernel has committed records not consumed yet: two memory reads, no syscall.</summary>
    public bool HasData => Volatile.Read(ref *(ulong*)_consumerPage) != Volatile.Read(ref *(ulong*)_producerPage);

    /// <summary>Hands every committed record to <paramref name="sink"/> and releases its space; returns how many.</summary>
    public int Drain<TSink>(TSink sink) where TSink : IBpfRecordSink
    {
        ref ulong consumer = ref *(ulong*)_consumerPage;
        ulong position = Volatile.Read(ref consumer);
        ulong producer = Volatile.Read(ref *(ulong*)_producerPage);
        byte* data = _producerPage + _pageSize;
        int count = 0;
        while (position < producer)
        {
            uint* header = (uint*)(data + (position & _mask));
            uint length = Volatile.Read(ref *header);
            if ((length & BusyBit) != 0) break;   // still being written
            uint size = length & ~(BusyBit | DiscardBit);
            if ((length & DiscardBit) == 0)
            {
                sink.OnRecord(new ReadOnlySpan<byte>((byte*)header + HeaderSize, (int)size));
                count++;
            }
            position += (size + HeaderSize + 7) & ~7UL;
            Volatile.Write(ref consumer, position);
            if (position >= producer) producer = Volatile.Read(ref *(ulong*)_producerPage);
        }
        RecordsRead += count;
        return count;
    }

    /// <summary>Unmaps the buffer's pages (the map itself stays open).</summary>
    public void Dispose()
    {
        if (_producerPage != null)
        {
            MemoryMap.Unmap(_producerPage, _producerLength);
            _producerPage = null;
        }
        if (_consumerPage != null)
        {
            MemoryMap.Unmap(_consumerPage, _pageSize);
            _consumerPage = null;
        }
    }
}
