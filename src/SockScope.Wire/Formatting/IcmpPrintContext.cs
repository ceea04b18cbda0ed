namespace SockScope.Wire.Formatting;

/// <summary>
/// What <see cref="IcmpPrinter"/> needs to know besides the message bytes: how much to print,
/// whether the message is whole, and who prints the datagram an error quotes. Passed by value, so
/// one printer serves any number of threads and callers.
/// </summary>
public readonly record struct IcmpPrintContext
{
    /// <summary>
    /// Number of <c>-v</c> flags (0 to 3): from 1, the checksum is checked (and printed when wrong),
    /// errors quote their datagram on a second line and RFC 4884 extensions are printed.
    /// </summary>
    public int Verbosity { get; init; }

    /// <summary>
    /// The message is the first piece of a fragmented datagram: it is incomplete, so its checksum is
    /// not checked (tcpdump checks nothing it cannot see whole).
    /// </summary>
    public bool Fragmented { get; init; }

    /// <summary>
    /// Ports as numbers (<c>-n</c>): a port unreachable then says "udp port 53"; by default it names
    /// the port as tcpdump does ("udp port domain").
    /// </summary>
    public bool NumericPorts { get; init; }

    /// <summary>
    /// Prints the datagram an error quotes (on <c>-v</c>). Null: it is printed as plain
    /// <c>tcpdump</c> with this context's <see cref="Verbosity"/> would print it (port names, no
    /// <c>-n</c>); <see cref="From"/> sets one that follows all the display flags.
    /// </summary>
    public QuotedDatagramPrinter? QuotedDatagram { get; init; }

    /// <summary>
    /// The context tcpdump's display flags give: their verbosity, and the quoted datagram of an
    /// error printed with the same flags (-nn, -e, -q ...) by a <see cref="TcpdumpPrinter"/>.
    /// </summary>
    /// <param name="options">The display flags.</param>
    public static IcmpPrintContext From(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new IcmpPrintContext
        {
            Verbosity = options.Verbosity,
            NumericPorts = options.NumericPorts,
            QuotedDatagram = (datagram, output) => new TcpdumpPrinter(output, options).PrintIpDatagram(datagram),
        };
    }
}
