namespace SockScope.Wire.Formatting;

/// <summary>
/// What tcpdump's display flags ask of a whole packet line: the <c>-#</c> number, the <c>-t</c>
/// family and <c>--time-stamp-precision</c>, the <c>-x/-xx/-X/-XX/-A</c> dump, and (in
/// <see cref="Format"/>) the flags that shape the decoded text (<c>-v</c>, <c>-e</c>, <c>-q</c>, ...).
/// </summary>
public sealed record TcpdumpLineOptions
{
    /// <summary>The flags that shape the decoded text, handed to <see cref="TcpdumpPrinter"/>.</summary>
    public FormatOptions Format { get; init; } = FormatOptions.Default;
    /// <summary>The timestamp prefix (default: local time of day, as plain tcpdump).</summary>
    public TimestampStyle Timestamps { get; init; } = TimestampStyle.TimeOfDay;
    /// <summary><c>--time-stamp-precision</c>: six (default) or nine fractional digits.</summary>
    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Microseconds;
    /// <summary>The zone of the time-of-day and date prefixes; null for the process's local zone (tcpdump's TZ).</summary>
    public TimeZoneInfo? TimeZone { get; init; }
    /// <summary><c>-#</c>: the packet number, right-aligned in 5 columns and followed by 2 spaces, before the timestamp.</summary>
    public bool PacketNumbers { get; init; }
    /// <summary>The dump after the decoded text (<c>-x</c>, <c>-X</c>, <c>-A</c>).</summary>
    public DumpStyle Dump { get; init; }
    /// <summary>
    /// <c>-xx</c>, <c>-XX</c>, <c>-AA</c>: the dump starts at the first byte; otherwise after the link-layer header.
    /// </summary>
    public bool DumpLinkHeader { get; init; }

    /// <summary>The defaults: plain <c>tcpdump</c>'s lines (local time of day, microseconds, no dump).</summary>
    public static TcpdumpLineOptions Default { get; } = new();
}
