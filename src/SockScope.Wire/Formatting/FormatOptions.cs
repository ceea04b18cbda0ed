namespace SockScope.Wire.Formatting;

/// <summary>What tcpdump's display flags ask of the text formatter.</summary>
public sealed record FormatOptions
{
    /// <summary>Number of <c>-v</c> flags (0 to 3).</summary>
    public int Verbosity { get; init; }
    /// <summary><c>-nn</c>: ports and protocols as numbers. With <c>-n</c> alone tcpdump names well-known ports.</summary>
    public bool NumericPorts { get; init; }
    /// <summary><c>-e</c>: print the link-level header.</summary>
    public bool LinkHeader { get; init; }
    /// <summary><c>-q</c>: less protocol information.</summary>
    public bool Quiet { get; init; }
    /// <summary><c>-S</c>: absolute TCP sequence numbers instead of numbers relative to the conversation's start.</summary>
    public bool AbsoluteTcpSequence { get; init; }

    public static FormatOptions Default { get; } = new();
}
