using System.Diagnostics;
using SockScope.Net.Interop;

namespace SockScope.Net.Capture;

/// <summary>
/// A TPACKET_V3 receive ring: blocks of frames the kernel fills and hands over in order. The
/// reader takes the current block when its status says it belongs to user space (sleeping in
/// poll until then), reads its frames in place and gives it back by disposing it.
/// </summary>
public sealed unsafe class PacketRing : IDisposable
{
    private readonly byte* _memory;
    private readonly FileDescriptorHandle? _socket;
    private readonly bool _ownsMapping;
    private int _current;
    private bool _held;
    private long _captured;
    private bool _disposed;

    internal PacketRing(byte* memory, int blockSize, int blockCount, FrameShaping shaping, FileDescriptorHandle? socket, bool ownsMapping)
    {
        _memory = memory;
        BlockSize = blockSize;
        BlockCount = blockCount;
        Shaping = shaping;
        _socket = socket;
        _ownsMapping = ownsMapping;
    }

    /// <summary>Bytes per block.</summary>
    public int BlockSize { get; }
    /// <summary>Blocks in the ring.</summary>
    public int BlockCount { get; }
    /// <summary>The ring's size: <see cref="BlockSize"/> times <see cref="BlockCount"/>.</summary>
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
    public bool TryAcquireBlock(TimeSpan timeout, out RingBlock block)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_held)
            throw new InvalidOperationException("the previous ring block is still held: dispose it before taking the next");
        if (CurrentIsReady() || (_socket is not null && WaitForBlock(timeout)))
        {
            _held = true;
            block = new RingBlock(this, BlockAt(_current), _current);
            return true;
        }
        block = default;
        return false;
    }

    private bool WaitForBlock(TimeSpan timeout)
    {
        long startTicks = Stopwatch.GetTimestamp();
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        while (true)
        {
            int waitMs;
            if (infinite) waitMs = -1;
            else
            {
                TimeSpan left = timeout - Stopwatch.GetElapsedTime(startTicks);
                if (left <= TimeSpan.Zero) waitMs = 0;
                else waitMs = (int)Math.Min(int.MaxValue, Math.Ceiling(left.TotalMilliseconds));
            }
            var pfd = new Poll.PollFd { Fd = _socket!.Value, Events = Poll.POLLIN | Poll.POLLERR };
            int ready = Poll.PollDescriptors(&pfd, 1, waitMs);
            if (ready < 0)
            {
                Errno errno = LinuxSocketCalls.LastErrno();
                if (errno == Errno.EINTR) continue;
                throw new NetOperationException("poll on the capture ring", errno);
            }
            if ((pfd.ReturnedEvents & (Poll.POLLERR | Poll.POLLNVAL)) != 0 && !CurrentIsReady())
                ThrowSocketError();
            if (CurrentIsReady()) return true;
            if (ready == 0 || waitMs == 0) return false;
        }
    }

    private void ThrowSocketError()
    {
        const int SO_ERROR = 4;
        int error = LinuxSocketCalls.GetOption<int>(_socket!, LinuxSocketCalls.SOL_SOCKET, SO_ERROR, "read the capture socket's error");
        throw new NetOperationException("capture", error == 0 ? Errno.EIO : (Errno)error,
            error == (int)Errno.ENETDOWN ? "capture: the interface went down" : null);
    }

    /// <summary>Gives block <paramref name="index"/> back to the kernel and moves to the next one.</summary>
    internal void Release(int index)
    {
        if (!_held || index != _current || _disposed) return;
        Volatile.Write(ref *(uint*)(BlockAt(index) + BlockDescriptorOffsets.BlockStatus), PacketSocketOptions.TP_STATUS_KERNEL);
        _current = (_current + 1) % BlockCount;
        _held = false;
    }

    /// <summary>Gives back every block the kernel has handed over without reading it (after a filter change).</summary>
    internal int Drain()
    {
        int drained = 0;
        while (!_held && CurrentIsReady() && drained < BlockCount)
        {
            _held = true;
            Release(_current);
            drained++;
        }
        return drained;
    }

    /// <summary>Unmaps the ring (and closes the socket when the ring owns it).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsMapping)
            MemoryMap.Unmap(_memory, (nuint)SizeInBytes);
    }
}
