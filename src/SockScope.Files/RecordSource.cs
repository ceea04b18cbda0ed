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

    /// <summary>
    /// Makes the next <paramref name="length"/> bytes, the header of a record or block, available;
    /// false at the end of the file, with a warning when it ends inside the header.
    /// </summary>
    protected bool EnsureHeader(int length, string what, long offset)
    {
        if (Window.Ensure(length)) return true;
        if (Window.Available > 0)
            Warnings.Add($"truncated {what} at offset {offset}: {Window.Available} of {length} bytes; stopped there");
        return false;
    }

    public void Dispose() => Window.Dispose();
}
