using System.Diagnostics;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// A TPACKET_V3 receive ring: blocks of frames the kernel fills and hands over in order. The
/// reader takes the current block when its status says it belongs to user space (sleeping in
/// poll until then), reads its frames in place and gives it back by disposing it.
/// </summary>
/// <remarks>
/// Dispose may come from another thread while a reader waits or holds a block (a capture
/// stopped from outside): the mapping then stays until the reader lets go of the ring, and the
/// reader's next call throws <see cref="ObjectDisposedException"/>, so no frame is ever read from
/// unmapped memory.
/// </remarks>
public sealed unsafe class PacketRing : IDisposable
{
    private readonly byte* _memory;
    private readonly FileDescriptorHandle? _socket;
    private readonly bool _ownsMapping;
    private int _current;
    private bool _held;
    private long _captured;
    private volatile bool _disposed;
    // Readers inside TryAcquireBlock or holding a block; the mapping outlives them.
    private int _users;
    private int _unmapped;
    /// <summary>Longest single poll, so that a Dispose on another thread is seen while waiting for ever.</summary>
    private const int DisposeCheckMs = 100;

    internal PacketRing(byte* memory, int blockSize, int blockCount, FrameShaping shaping, FileDescriptorHandle? socket, bool ownsMapping)
    {
        _memory = memory;
        BlockSize = blockSize;
        BlockCount = blockCount;
        Shaping = shaping;
        _socket = socket;
        _ownsMapping = ownsMapping;
    }

    /// <summary>Bytes in one block.</summary>
    public int BlockSize { get; }
    /// <summary>Blocks in the ring.</summary>
    public int BlockCount { get; }
    /// <summary>The mapping's size: <see cref="BlockSize"/> times <see cref="BlockCount"/>.</summary>
    public long SizeInBytes => (long)BlockSize * BlockCount;

    /// <summary>Frames handed to the caller so far (after -Q and the loopback duplicate rule).</summary>
    public long Captured => _captured;

    internal FrameShaping Shaping { get; }

    internal void CountCaptured() => _captured++;

    private byte* BlockAt(int index) => _memory + (long)index * BlockSize;

    private bool CurrentIsReady()
    {
        uint status = Volatile.Read(ref *(uint*)(BlockAt(_current) + BlockDescriptorOffsets.BlockStatus));
        return (status & PacketSocketOptions.TP_STATUS_USER) != 0;
    }

    /// <summary>
    /// Takes the next block the kernel has handed over, waiting up to <paramref name="timeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/> waits for ever, zero does not wait). False on
    /// timeout. The previous block must have been disposed.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring was disposed, also while this call waited.</exception>
    public bool TryAcquireBlock(TimeSpan timeout, out RingBlock block)
    {
        if (_held)
            throw new InvalidOperationException("the previous ring block is still held: dispose it before taking the next");
        Enter();
        bool acquired = false;
        try
        {
            if (CurrentIsReady() || (_socket is not null && WaitForBlock(timeout)))
            {
                _held = true;
                acquired = true;
                block = new RingBlock(this, BlockAt(_current), _current);
                return true;
            }
            block = default;
            return false;
        }
        finally
        {
            // A block handed out keeps the ring in use until it is released.
            if (!acquired) Leave();
        }
    }

    private void Enter()
    {
        Interlocked.Increment(ref _users);
        if (_disposed)
        {
            Leave();
            throw new ObjectDisposedException(nameof(PacketRing));
        }
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _users) == 0 && _disposed) UnmapOnce();
    }

    private void UnmapOnce()
    {
        if (_ownsMapping && Interlocked.Exchange(ref _unmapped, 1) == 0)
            MemoryMap.Unmap(_memory, (nuint)SizeInBytes);
    }

    private bool WaitForBlock(TimeSpan timeout)
    {
        long startTicks = Stopwatch.GetTimestamp();
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        while (true)
        {
            int waitMs;
            bool last;
            if (infinite)
            {
                waitMs = DisposeCheckMs;
                last = false;
            }
            else
            {
                TimeSpan left = timeout - Stopwatch.GetElapsedTime(startTicks);
                if (left <= TimeSpan.Zero) waitMs = 0;
                else waitMs = (int)Math.Min(int.MaxValue, Math.Ceiling(left.TotalMilliseconds));
                last = waitMs <= DisposeCheckMs;
                waitMs = Math.Min(waitMs, DisposeCheckMs);
            }
            if (_disposed || _socket!.IsClosed) throw new ObjectDisposedException(nameof(PacketRing));
            int ready = Poll.WaitOne(_socket, Poll.POLLIN | Poll.POLLERR, waitMs, out Errno errno);
            if (_disposed || _socket.IsClosed) throw new ObjectDisposedException(nameof(PacketRing));
            if (ready < 0)
            {
                if (errno == Errno.EINTR) continue;
                throw new NetOperationException("poll on the capture ring", errno);
            }
            if ((ready & (Poll.POLLERR | Poll.POLLNVAL)) != 0 && !CurrentIsReady())
                ThrowSocketError();
            if (CurrentIsReady()) return true;
            if (last && (ready == 0 || waitMs == 0)) return false;
        }
    }

    private void ThrowSocketError()
    {
        LinuxSocketCalls.GetOption(_socket!, LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_ERROR, out int error)
            .ThrowIfFailed("read the capture socket's error");
        throw new NetOperationException("capture", error == 0 ? Errno.EIO : (Errno)error,
            error == (int)Errno.ENETDOWN ? "capture: the interface went down" : null);
    }

    /// <summary>Gives block <paramref name="index"/> back to the kernel and moves to the next one.</summary>
    internal void Release(int index)
    {
        if (!_held || index != _current) return;
        if (!_disposed)
        {
            Volatile.Write(ref *(uint*)(BlockAt(index) + BlockDescriptorOffsets.BlockStatus), PacketSocketOptions.TP_STATUS_KERNEL);
            _current = (_current + 1) % BlockCount;
        }
        _held = false;
        Leave();
    }

    /// <summary>Gives back every block the kernel has handed over without reading it (after a filter change).</summary>
    internal int Drain()
    {
        int drained = 0;
        Enter();
        try
        {
            while (!_held && CurrentIsReady() && drained < BlockCount)
            {
                Interlocked.Increment(ref _users);
                _held = true;
                Release(_current);
                drained++;
            }
        }
        finally
        {
            Leave();
        }
        return drained;
    }

    /// <summary>
    /// Unmaps the ring, at once when no reader is inside it, else when the reader lets go (any
    /// thread may call this). Reading afterwards throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _users) == 0) UnmapOnce();
    }
}
