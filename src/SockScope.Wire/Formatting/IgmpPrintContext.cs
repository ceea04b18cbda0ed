namespace SockScope.Wire.Formatting;

/// <summary>
/// What <see cref="IgmpPrinter"/> needs to know besides the message bytes. Passed by value, so one
/// printer serves any number of threads and callers.
/// </summary>
public readonly record struct IgmpPrintContext
{
    /// <summary>
    /// Number of <c>-v</c> flags (0 to 3): from 1, the checksum is checked (and printed when wrong)
    /// and IGMPv3 group records are listed; from 2, with their sources (and DVMRP and PIMv1 details).
    /// </summary>
    public int Verbosity { get; init; }

    /// <summary><c>-q</c>: the message prints as "igmp" alone.</summary>
    public bool Quiet { get; init; }

    /// <summary>The context tcpdump's display flags give: their verbosity and <c>-q</c>.</summary>
    /// <param name="options">The display flags; <see cref="FormatOptions.Verbosity"/> and <see cref="FormatOptions.Quiet"/> are read.</param>
    public static IgmpPrintContext From(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new IgmpPrintContext { Verbosity = options.Verbosity, Quiet = options.Quiet };
    }
}
