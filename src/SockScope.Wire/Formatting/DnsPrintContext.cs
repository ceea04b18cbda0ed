namespace SockScope.Wire.Formatting;

/// <summary>
/// What <see cref="DnsPrinter"/> needs to know besides the message bytes: how much to print and how
/// the message was carried. Passed by value, so one printer serves any number of threads and callers.
/// </summary>
public readonly record struct DnsPrintContext
{
    /// <summary>
    /// Number of <c>-v</c> flags (0 to 3): 1 adds record names and SOA/TSIG data, 2 adds the
    /// questions of responses and the authority and additional sections, 3 adds TTLs.
    /// </summary>
    public int Verbosity { get; init; }

    /// <summary>
    /// The bytes are a DNS-over-TCP message that still starts with its two-byte length prefix,
    /// which is checked against the length the transport claims (tcpdump prints the message after
    /// a space, as it follows the TCP flags).
    /// </summary>
    public bool OverTcp { get; init; }

    /// <summary>
    /// Multicast DNS (RFC 6762, UDP port 5353): the top bit of the class field is the QU
    /// (questions) or cache-flush (records) bit and is printed as such.
    /// </summary>
    public bool Multicast { get; init; }

    /// <summary>The context tcpdump's display flags give: their verbosity, plain DNS over UDP.</summary>
    /// <param name="options">The display flags; only <see cref="FormatOptions.Verbosity"/> is read.</param>
    public static DnsPrintContext From(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DnsPrintContext { Verbosity = options.Verbosity };
    }
}
