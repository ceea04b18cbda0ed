using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace SockScope.Wire.Formatting;

/// <summary>
/// A growable UTF-8 text buffer rented from the array pool. Formatters append to it; the caller
/// flushes it to a stream in large chunks. Reused across packets, so the per-packet path does
/// not allocate once the buffer has grown to the largest line.
/// </summary>
public sealed class Utf8Builder : IDisposable
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Rents a buffer of at least <paramref name="initialCapacity"/> bytes (64 KiB by default); it grows by doubling as needed.</summary>
    public Utf8Builder(int initialCapacity = 64 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;
    /// <summary>The bytes written so far; valid until the next append (which may move the buffer) or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);
    /// <summary>The bytes written so far as memory, for asynchronous writes; valid until the next append or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>Empties the buffer, keeping its capacity.</summary>
    public void Clear() => _length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (to undo a partly written field).</summary>
    public void Truncate(int length) => _length = Math.Clamp(length, 0, _length);

    // The small appends are inlined by hand: the JIT inlines them by itself (and then unrolls
    // the copy of a constant-length literal), Native AOT without profile data does not, which made
    // `read --json` 1.2x slower there than under the JIT (docs/performance.md).
    /// <summary>Space to write at least <paramref name="size"/> bytes; follow with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size) Grow(size);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => _length += count;

    /// <summary>Appends UTF-8 bytes as they are (e.g. a <c>"..."u8</c> literal); returns this builder for chaining.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Utf8Builder Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(GetSpan(utf8.Length));
        _length += utf8.Length;
        return this;
    }

    /// <summary>Appends one ASCII byte; returns this builder for chaining.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Utf8Builder Append(byte asciiChar)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = asciiChar;
        return this;
    }

    /// <summary>Appends one UTF-16 character encoded as UTF-8; returns this builder for chaining. A surrogate (half of a pair) throws <see cref="ArgumentOutOfRangeException"/>: append pairs as a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Utf8Builder Append(char c) => c < 0x80 ? Append((byte)c) : AppendNonAscii(c);

    private Utf8Builder AppendNonAscii(char c)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int n = new Rune(c).EncodeToUtf8(utf8);
        return Append(utf8[..n]);
    }

    /// <summary>Appends text; literal strings cost no allocation, only the encode.</summary>
    public Utf8Builder Append(string? text)
    {
        if (string.IsNullOrEmpty(text)) return this;
        Span<byte> dest = GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, dest);
        return this;
    }

    /// <summary>Appends UTF-16 text encoded as UTF-8; returns this builder for chaining.</summary>
    public Utf8Builder Append(ReadOnlySpan<char> text)
    {
        Span<byte> dest = GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, dest);
        return this;
    }

    /// <summary>Appends any value that formats itself to UTF-8 (numbers, addresses) without allocating.</summary>
    public Utf8Builder Append<T>(T value, ReadOnlySpan<char> format = default) where T : IUtf8SpanFormattable
    {
        int size = 32;
        while (true)
        {
            if (value.TryFormat(GetSpan(size), out int written, format, System.Globalization.CultureInfo.InvariantCulture))
            {
                _length += written;
                return this;
            }
            size *= 2;
            if (size > 1 << 20) throw new InvalidOperationException("value does not format");
            Grow(size);
        }
    }

    /// <summary>Appends <paramref name="value"/> in invariant decimal digits, with a leading '-' when negative.</summary>
    public Utf8Builder AppendDecimal(long value) => Append(value);

    /// <summary>Lowercase hex with at least <paramref name="minDigits"/> digits, no prefix.</summary>
    public Utf8Builder AppendHex(ulong value, int minDigits = 1)
    {
        Span<byte> digits = stackalloc byte[16];
        int at = 16;
        do
        {
            digits[--at] = (byte)"0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        } while (value != 0 || 16 - at < minDigits);
        return Append(digits[at..]);
    }

    /// <summary>Appends <paramref name="count"/> spaces; nothing when it is 0 or less.</summary>
    public Utf8Builder AppendSpaces(int count)
    {
        if (count <= 0) return this;
        GetSpan(count)[..count].Fill((byte)' ');
        _length += count;
        return this;
    }

    /// <summary>Writes the buffered bytes to <paramref name="stream"/> and empties the buffer.</summary>
    public void WriteTo(Stream stream)
    {
        stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    /// <summary>The buffered bytes decoded as UTF-8 (allocates; for tests and diagnostics).</summary>
    public override string ToString() => Encoding.UTF8.GetString(WrittenSpan);

    private void Grow(int needed)
    {
        int size = Math.Max(_buffer.Length * 2, _length + needed);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    /// <summary>Returns the buffer to the array pool; the builder must not be used afterwards.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
