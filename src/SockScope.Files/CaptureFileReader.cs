using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SockScope.Files.Pcap;
using SockScope.Files.PcapNg;
using SockScope.Wire;

namespace SockScope.Files;

/// <summary>
/// Reads a pcap or pcapng capture, whichever the first bytes say it is, as a stream: records go
/// through one reused buffer, so a file of any size can be read in constant memory.
/// Two APIs: <see cref="TryRead"/> hands out zero-copy records valid until the next call;
/// <see cref="ReadPackets"/> / <see cref="ReadPacketsAsync"/> give owned copies.
/// Malformed structure throws <see cref="CaptureFileException"/> naming the byte offset; a file
/// that simply ends inside its last record stops cleanly with a line in <see cref="Warnings"/>.
/// </summary>
public sealed class CaptureFileReader : IDisposable
{
    private readonly RecordSource _source;

    private CaptureFileReader(RecordSource source) => _source = source;

    /// <summary>Opens a file by path. Missing files throw <see cref="FileNotFoundException"/>; bad headers <see cref="CaptureFileException"/>.</summary>
    public static CaptureFileReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        return Open(stream, leaveOpen: false);
    }

    /// <summary>Reads from any stream (a pipe, stdin, memory). The stream is read forward only.</summary>
    public static CaptureFileReader Open(Stream stream, bool leaveOpen = false)
    {
        var window = new StreamWindow(stream, leaveOpen);
        try
        {
            if (!window.Ensure(4))
                throw new CaptureFileException(window.Available == 0 ? "empty capture file" : $"truncated capture file header ({window.Available} bytes)", 0);
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(window.Peek(4));
            RecordSource source = magic == PcapNgFormat.SectionHeaderBlock
                ? new PcapNgRecordSource(window)
                : new PcapRecordSource(window);
            return new CaptureFileReader(source);
        }
        catch
        {
            window.Dispose();
            throw;
        }
    }

    /// <summary>pcap or pcapng, from the file's first bytes.</summary>
    public CaptureFileFormat Format => _source.Format;
    /// <summary>True when the file was written on a big-endian machine (the reader swaps for you).</summary>
    public bool IsBigEndian => _source.IsBigEndian;

    /// <summary>The first interface's link type: what tcpdump announces ("link-type EN10MB").</summary>
    public LinkType LinkType => _source.Interfaces[0].LinkType;

    /// <summary>The first interface's snapshot length.</summary>
    public int SnapLength => _source.Interfaces[0].SnapLength;

    /// <summary>True when timestamps carry nanoseconds (a1b23c4d pcap, or the first pcapng interface's if_tsresol).</summary>
    public bool NanosecondResolution => _source.Interfaces[0].NanosecondResolution;

    /// <summary>Interfaces described so far (pcapng adds them as it reads).</summary>
    public IReadOnlyList<CaptureInterface> Interfaces => _source.Interfaces;

    /// <summary>Why reading stopped early, if it did (a truncated last record). Empty for a whole file.</summary>
    public IReadOnlyList<string> Warnings => _source.Warnings;

    /// <summary>Records returned so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>The next record, pointing into the reader's buffer until the next call; false at the end.</summary>
    public bool TryRead(out CaptureRecord record)
    {
        if (!_source.TryRead(out record)) return false;
        RecordCount++;
        return true;
    }

    /// <summary>Every remaining record as an owned packet (one array per packet).</summary>
    public IEnumerable<CapturedPacket> ReadPackets()
    {
        while (TryReadPacket(out CapturedPacket packet)) yield return packet;
    }

    /// <summary>Every remaining record as an owned packet, for async pipelines.</summary>
    public async IAsyncEnumerable<CapturedPacket> ReadPacketsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!TryReadPacket(out CapturedPacket packet)) yield break;
            yield return packet;
        }
    }

    private bool TryReadPacket(out CapturedPacket packet)
    {
        if (!TryRead(out CaptureRecord record))
        {
            packet = default;
            return false;
        }
        packet = record.ToPacket();
        return true;
    }

    /// <summary>Closes the file (and the stream, unless it was opened with leaveOpen).</summary>
    public void Dispose() => _source.Dispose();
}
