using System.Buffers;

namespace SockScope.Files;

/// <summary>
/// A sliding window over a stream through one reused buffer: readers ask for the next N bytes,
/// look at them in place, then advance. Files of any size stream through it; nothing is
/// allocated per record once the buffer fits the largest record.
/// </summary>
internal sealed class StreamWindow : IDisposable
{
    private const int DefaultSize = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _start;          // first unread byte
    private int _end;            // one past the last byte read from the stream
    private long _bufferOffset;  // file offset of _buffer[0]
    private bool _endOfStream;

    public StreamWindow(Stream stream, bool leaveOpen, int size = DefaultSize)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>File offset of the next unread byte.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>Bytes buffered and not yet consumed.</summary>
    public int Available => _end - _start;

    /// <summary>True once the stream is exhausted and every buffered byte consumed.</summary>
    public bool AtEnd => _start == _end && FillAtLeast(1) == false;

    /// <summary>Makes at least <paramref name="count"/> bytes available; false when the stream ends first.</summary>
    public bool Ensure(int count) => _end - _start >= count || FillAtLeast(count);

    /// <summary>The next <paramref name="count"/> bytes, which <see cref="Ensure"/> must have made available.</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    /// <summary>The whole buffered remainder.</summary>
    public ReadOnlySpan<byte> PeekAvailable() => _buffer.AsSpan(_start, _end - _start);

    public void Advance(int count) => _start += count;

    /// <summary>Skips <paramref name="count"/> bytes without buffering them all; false if the stream ends first.</summary>
    public bool Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end && !FillAtLeast(1)) return false;
            int step = (int)Math.Min(count, _end - _start);
            _start += step;
            count -= step;
        }
        return true;
    }

    private bool FillAtLeast(int count)
    {
        if (_endOfStream) return _end - _start >= count;
        if (count > _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(count, _buffer.Length * 2));
            _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length - _start < count)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < count)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0)
            {
                _endOfStream = true;
                return false;
            }
            _end += read;
        }
        return true;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        if (!_leaveOpen) _stream.Dispose();
    }
}
