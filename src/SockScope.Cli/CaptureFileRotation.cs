using System.Globalization;
using System.Text;
using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Cli;

/// <summary>
/// The -w output of `capture`, with tcpdump's rotation: -C MB starts a new file once the
/// current one passes that size, -G SEC once it is that old, -W N keeps at most N files
/// (with -C the names cycle NAME0..NAME{N-1}; with -G alone capture stops after N files).
/// Names follow tcpdump: with -G the name goes through strftime; with -C a number follows it
/// (none on the first file unless -W is given, then zero-padded to W's width).
/// </summary>
internal sealed class CaptureFileRotation : IDisposable
{
    private readonly string _template;
    private readonly LinkType _linkType;
    private readonly int _snapLength;
    private readonly string? _interfaceName;
    private readonly long _maxBytes;
    private readonly long _maxAgeNanoseconds;
    private readonly int _maxFiles;
    private readonly bool _packetBuffered;
    private readonly Func<DateTimeOffset> _clock;
    private CaptureFileWriter? _writer;
    private long _fileOpenedNs;
    private long _bytes;
    private int _sizeIndex;      // -C: files started within the current -G period
    private int _timeFiles;      // -G: periods started
    private long _filePackets;

    public CaptureFileRotation(string template, LinkType linkType, int snapLength, string? interfaceName,
        long maxBytes = 0, int maxAgeSeconds = 0, int maxFiles = 0, bool packetBuffered = false, Func<DateTimeOffset>? clock = null,
        bool nanoseconds = false)
    {
        _template = template;
        _linkType = linkType;
        _snapLength = snapLength;
        _interfaceName = interfaceName;
        _maxBytes = maxBytes;
        _maxAgeNanoseconds = maxAgeSeconds * 1_000_000_000L;
        _maxFiles = maxFiles;
        _packetBuffered = packetBuffered;
        _clock = clock ?? (() => DateTimeOffset.Now);
        Format = template == "-"
            ? (nanoseconds ? CaptureFileFormat.PcapNanoseconds : CaptureFileFormat.Pcap)
            : CaptureFileFormats.FromPath(template, nanoseconds);
    }

    public CaptureFileFormat Format { get; }

    /// <summary>Every file name opened so far, in order.</summary>
    public List<string> FilesOpened { get; } = [];

    /// <summary>-z: called with each file's name once rotation has closed it (not for the last file).</summary>
    public Action<string>? Rotated { get; init; }

    /// <summary>True once -G with -W has produced its N files: the capture should end.</summary>
    public bool Finished { get; private set; }

    public long PacketsWritten { get; private set; }

    /// <summary>Opens the first file (before any packet, as tcpdump does, so an empty capture leaves a readable file).</summary>
    public void Open()
    {
        _timeFiles = 1;
        OpenFile(NowNs());
    }

    /// <summary>Writes one record, rotating first when -C or -G says so.</summary>
    public void Write(ReadOnlySpan<byte> data, long timestampNanoseconds, int originalLength, PacketComments? comments = null)
    {
        if (_writer is null || Finished) return;
        if (_maxBytes > 0 && _bytes > _maxBytes && _filePackets > 0)
            RotateBySize();
        _writer.Write(data, timestampNanoseconds, originalLength, 0, comments);
        _bytes += RecordOverhead + Math.Min(data.Length, _snapLength);
        _filePackets++;
        PacketsWritten++;
        if (_packetBuffered) _writer.Flush();
    }

    /// <summary>Called now and then while capturing: -G rotates on time even on a quiet link.</summary>
    public void Tick()
    {
        if (_writer is null || Finished || _maxAgeNanoseconds <= 0) return;
        long now = NowNs();
        if (now - _fileOpenedNs < _maxAgeNanoseconds) return;
        if (_maxFiles > 0 && _timeFiles >= _maxFiles)
        {
            Finished = true;
            return;
        }
        _timeFiles++;
        _sizeIndex = 0;
        CloseRotatedFile();
        OpenFile(now);
    }

    /// <summary>-U: hand everything written so far to the OS.</summary>
    public void Flush() => _writer?.Flush();

    /// <summary>pcapng only: records the interface's counters (drops above all) before the file is closed.</summary>
    public void WriteStatistics(long received, long dropped, long delivered)
    {
        if (_writer is null) return;
        _writer.WriteStatistics(0, NowNs(), new InterfaceStatistics
        {
            Received = (ulong)received,
            OsDropped = (ulong)dropped,
            InterfaceDropped = 0,
            Delivered = (ulong)delivered,
            FilterAccepted = (ulong)received,
            StartTimestampNanoseconds = _fileOpenedNs,
            EndTimestampNanoseconds = NowNs(),
        });
    }

    private int RecordOverhead => Format == CaptureFileFormat.PcapNg ? 36 : 16;

    private void RotateBySize()
    {
        _sizeIndex++;
        CloseRotatedFile();
        OpenFile(NowNs());
    }

    private void CloseRotatedFile()
    {
        CloseFile();
        Rotated?.Invoke(FilesOpened[^1]);
    }

    private void OpenFile(long nowNs)
    {
        string name = FileName(_template, _clock(), _maxAgeNanoseconds > 0, _maxBytes > 0 ? _sizeIndex : -1, _maxBytes > 0 ? _maxFiles : 0);
        Stream stream = name == "-"
            ? Console.OpenStandardOutput()
            : new FileStream(name, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _writer = CaptureFileWriter.Create(stream, Format, _linkType, _snapLength, _interfaceName);
        _fileOpenedNs = nowNs;
        _bytes = Format == CaptureFileFormat.PcapNg ? 100 : 24;
        _filePackets = 0;
        FilesOpened.Add(name);
    }

    private void CloseFile()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>
    /// tcpdump's file naming: strftime on the template when rotating on time; then, with -C,
    /// the file number (cycling through W numbers and zero-padded to W's width when -W is given,
    /// and absent on the very first file when it is not).
    /// </summary>
    internal static string FileName(string template, DateTimeOffset time, bool timeFormat, int sizeIndex, int maxFiles)
    {
        string name = timeFormat ? StrFTime(template, time) : template;
        if (sizeIndex < 0) return name;
        if (maxFiles > 0)
        {
            int width = maxFiles.ToString(CultureInfo.InvariantCulture).Length;
            return name + (sizeIndex % maxFiles).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        }
        return sizeIndex == 0 ? name : name + sizeIndex.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The strftime conversions a capture file name uses.</summary>
    internal static string StrFTime(string format, DateTimeOffset t)
    {
        var s = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                s.Append(format[i]);
                continue;
            }
            char c = format[++i];
            s.Append(c switch
            {
                'Y' => t.Year.ToString("D4", CultureInfo.InvariantCulture),
                'y' => (t.Year % 100).ToString("D2", CultureInfo.InvariantCulture),
                'm' => t.Month.ToString("D2", CultureInfo.InvariantCulture),
                'd' => t.Day.ToString("D2", CultureInfo.InvariantCulture),
                'H' => t.Hour.ToString("D2", CultureInfo.InvariantCulture),
                'M' => t.Minute.ToString("D2", CultureInfo.InvariantCulture),
                'S' => t.Second.ToString("D2", CultureInfo.InvariantCulture),
                'j' => t.DayOfYear.ToString("D3", CultureInfo.InvariantCulture),
                's' => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                'F' => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + c,
            });
        }
        return s.ToString();
    }

    private long NowNs() => (_clock().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    public void Dispose() => CloseFile();
}
