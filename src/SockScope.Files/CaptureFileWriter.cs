using SockScope.Files.Pcap;
using SockScope.Files.PcapNg;
using SockScope.Wire;

namespace SockScope.Files;

/// <summary>
/// Writes a pcap or pcapng capture through an internal buffer: <see cref="Write(ReadOnlySpan{byte}, long, int, int)"/> copies the
/// packet into the buffer (no allocation), full buffers go to the stream in one call, and
/// <see cref="Dispose"/> leaves a complete file. Data longer than the snapshot length is cut to it.
/// </summary>
public abstract class CaptureFileWriter : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[BufferSize];
    private int _length;
    private bool _disposed;

    /// <param name="stream">Where the file goes.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    /// <param name="linkType">The first interface's link type.</param>
    /// <param name="snapLength">The first interface's snapshot length (0 or less: the default).</param>
    /// <param name="maxRecordLength">The largest record the format's readers accept: a larger snap length is cut to it.</param>
    private protected CaptureFileWriter(Stream stream, bool leaveOpen, LinkType linkType, int snapLength, int maxRecordLength)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        LinkType = linkType;
        SnapLength = snapLength <= 0 ? PcapFormatLimits.DefaultSnapLength : Math.Min(snapLength, maxRecordLength);
    }

    /// <summary>Starts a capture file on <paramref name="stream"/>, writing its header(s) into the buffer.</summary>
    /// <param name="stream">Where the file goes.</param>
    /// <param name="format">pcap (microseconds or nanoseconds) or pcapng.</param>
    /// <param name="linkType">The link type of the packets (of interface 0 for pcapng).</param>
    /// <param name="snapLength">The snapshot length: longer packets are cut to it.</param>
    /// <param name="interfaceName">pcapng only: the if_name option of interface 0.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    public static CaptureFileWriter Create(Stream stream, CaptureFileFormat format, LinkType linkType,
        int snapLength = PcapFormatLimits.DefaultSnapLength, string? interfaceName = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return format switch
        {
            CaptureFileFormat.Pcap => new PcapFileWriter(stream, leaveOpen, linkType, snapLength, nanoseconds: false),
            CaptureFileFormat.PcapNanoseconds => new PcapFileWriter(stream, leaveOpen, linkType, snapLength, nanoseconds: true),
            CaptureFileFormat.PcapNg => new PcapNgFileWriter(stream, leaveOpen, linkType, snapLength, interfaceName),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Creates (or truncates) the file at <paramref name="path"/>.</summary>
    public static CaptureFileWriter Create(string path, CaptureFileFormat format, LinkType linkType,
        int snapLength = PcapFormatLimits.DefaultSnapLength, string? interfaceName = null)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            return Create(stream, format, linkType, snapLength, interfaceName, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>pcap or pcapng.</summary>
    public abstract CaptureFileFormat Format { get; }
    /// <summary>The link type of the file's first interface.</summary>
    public LinkType LinkType { get; }
    /// <summary>The first interface's snapshot length: longer packets are cut to it.</summary>
    public int SnapLength { get; }

    /// <summary>Packets written so far.</summary>
    public long PacketCount { get; private set; }

    /// <summary>
    /// Appends one packet. <paramref name="originalLength"/> below the data length is raised to it;
    /// <paramref name="interfaceId"/> must name an interface of this file (0 for pcap).
    /// </summary>
    public void Write(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.Length > SnapLength) data = data[..SnapLength];
        WriteRecord(data, timestampNanoseconds, Math.Max(originalLength, data.Length), interfaceId);
        PacketCount++;
    }

    /// <summary>
    /// Appends one packet with comments (pcapng opt_comment options). A pcap file has no place for
    /// them: the packet is written without them and <see cref="CommentsDropped"/> turns true.
    /// </summary>
    public void Write(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId, PacketComments? comments)
    {
        if (comments is null)
        {
            Write(data, timestampNanoseconds, originalLength, interfaceId);
            return;
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.Length > SnapLength) data = data[..SnapLength];
        WriteRecordWithOptions(data, timestampNanoseconds, Math.Max(originalLength, data.Length), interfaceId, comments.EncodedOptions);
        PacketCount++;
    }

    /// <summary>True once a packet's comments could not be written (pcap has no comments).</summary>
    public bool CommentsDropped { get; private protected set; }

    /// <summary>Writes a record with pcapng options; formats without options drop them.</summary>
    private protected virtual void WriteRecordWithOptions(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId, ReadOnlySpan<byte> options)
    {
        if (options.Length > 0) CommentsDropped = true;
        WriteRecord(data, timestampNanoseconds, originalLength, interfaceId);
    }

    /// <summary>Appends an owned packet (its data, timestamp and original length).</summary>
    public void Write(in CapturedPacket packet, int interfaceId = 0) =>
        Write(packet.Data.Span, packet.TimestampNanoseconds, packet.OriginalLength, interfaceId);

    /// <summary>
    /// Adds an interface (pcapng only: each has its own link type) and returns its id.
    /// A pcap file holds one interface, so there it throws <see cref="NotSupportedException"/>.
    /// </summary>
    public virtual int AddInterface(LinkType linkType, int snapLength = PcapFormatLimits.DefaultSnapLength, string? name = null) =>
        throw new NotSupportedException("a pcap file has a single interface; write pcapng for several");

    /// <summary>
    /// Records an interface's counters (drops above all). pcapng writes an Interface Statistics
    /// Block; pcap has no place for them and returns false. Call it before <see cref="Dispose"/>.
    /// </summary>
    public virtual bool WriteStatistics(int interfaceId, long timestampNanoseconds, in InterfaceStatistics statistics) => false;

    /// <summary>Sends buffered bytes to the stream and flushes it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Drain();
        _stream.Flush();
    }

    private protected abstract void WriteRecord(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, int interfaceId);

    /// <summary>Room for <paramref name="size"/> bytes at the end of the buffer; follow with <see cref="Commit"/>.</summary>
    private protected Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Drain();
            if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        }
        return _buffer.AsSpan(_length, size);
    }

    private protected void Commit(int size) => _length += size;

    private void Drain()
    {
        if (_length == 0) return;
        _stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    /// <summary>Writes what is buffered, flushes and closes the stream (unless it was left open).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            Drain();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen) _stream.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
