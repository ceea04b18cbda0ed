namespace SockScope.Wire.Formatting;

/// <summary>
/// What <see cref="ArpPrinter"/> needs to know besides the message bytes. Passed by value, so one
/// printer serves any number of threads and callers.
/// </summary>
public readonly record struct ArpPrintContext
{
    /// <summary>
    /// Number of <c>-v</c> flags (0 to 3): from 1, the hardware and protocol types are always
    /// printed, not only when they are other than Ethernet and IPv4.
    /// </summary>
    public int Verbosity { get; init; }

    /// <summary>
    /// <c>-e</c>: the line starts with the link header, which already names ARP, so the message's
    /// text does not start with "ARP, ".
    /// </summary>
    public bool LinkHeader { get; init; }

    /// <summary>The context tcpdump's display flags give: their verbosity and <c>-e</c>.</summary>
    /// <param name="options">The display flags; <see cref="FormatOptions.Verbosity"/> and <see cref="FormatOptions.LinkHeader"/> are read.</param>
    public static ArpPrintContext From(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ArpPrintContext { Verbosity = options.Verbosity, LinkHeader = options.LinkHeader };
    }
}
