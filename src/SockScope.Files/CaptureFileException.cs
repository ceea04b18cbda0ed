namespace SockScope.Files;

/// <summary>
/// A capture file that cannot be read: the message says what is wrong and at which byte offset
/// ("bad pcapng block length 3 at offset 1234"), in one line.
/// </summary>
public sealed class CaptureFileException : Exception
{
    /// <summary>A problem found at a byte offset of the file.</summary>
    public CaptureFileException(string problem, long offset)
        : base($"{problem} at offset {offset}")
    {
        Problem = problem;
        Offset = offset;
    }

    /// <summary>What is wrong, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The byte offset in the file where the bad structure starts.</summary>
    public long Offset { get; }
}
