namespace SockScope.Files;

/// <summary>One container format's record walker, behind <see cref="CaptureFileReader"/>.</summary>
internal abstract class RecordSource : IDisposable
{
    protected RecordSource(StreamWindow window) => Window = window;

    protected StreamWindow Window { get; }

    /// <summary>Problems that ended the file early without making it unreadable (a truncated last record).</summary>
    public List<string> Warnings { get; } = [];

    public abstract CaptureFileFormat Format { get; }
    public abstract bool IsBigEndian { get; }
    /// <summary>Interfaces seen so far (pcapng adds them as its blocks arrive).</summary>
    public abstract IReadOnlyList<CaptureInterface> Interfaces { get; }

    /// <summary>The next packet record, or false at the end of the file. Throws <see cref="CaptureFileException"/>.</summary>
    public abstract bool TryRead(out CaptureRecord record);

    public void Dispose() => Window.Dispose();
}
