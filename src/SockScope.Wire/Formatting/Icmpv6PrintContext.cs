using SockScope.Wire.Addresses;

namespace SockScope.Wire.Formatting;

/// <summary>
/// What <see cref="Icmpv6Printer"/> needs to know besides the message bytes: how much to print and
/// the addresses its checksum covers. Passed by value, so one printer serves any number of threads
/// and callers.
/// </summary>
public readonly record struct Icmpv6PrintContext
{
    /// <summary>
    /// Number of <c>-v</c> flags (0 to 3): from 1, the checksum verdict comes first and neighbour
    /// discovery options follow on their own lines; from 2 and 3, more option and RPL detail.
    /// </summary>
    public int Verbosity { get; init; }

    /// <summary>
    /// Ports as numbers (<c>-n</c>): a port unreachable then says "udp port 53"; by default it names
    /// the port as tcpdump does ("udp port domain").
    /// </summary>
    public bool NumericPorts { get; init; }

    /// <summary>
    /// The message is the first piece of a fragmented datagram: it is incomplete, so its checksum is
    /// not checked (tcpdump checks nothing it cannot see whole).
    /// </summary>
    public bool Fragmented { get; init; }

    /// <summary>
    /// The IPv6 source address (the one the pseudo-header of the checksum holds). With
    /// <see cref="Destination"/>, on <c>-v</c>, tcpdump's "[icmp6 sum ok] " or
    /// "[bad icmp6 cksum ...] " starts the text; null when unknown: no verdict is printed.
    /// </summary>
    public Ipv6Address? Source { get; init; }

    /// <summary>
    /// The IPv6 destination address, the final one when a routing header is present (see
    /// <see cref="Source"/>); null when unknown.
    /// </summary>
    public Ipv6Address? Destination { get; init; }

    /// <summary>
    /// The context tcpdump's display flags give: their verbosity; the addresses, which the flags do
    /// not know, are left to set with <c>with { Source = ..., Destination = ... }</c>.
    /// </summary>
    /// <param name="options">The display flags; <see cref="FormatOptions.Verbosity"/> and <see cref="FormatOptions.NumericPorts"/> are read.</param>
    public static Icmpv6PrintContext From(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Icmpv6PrintContext { Verbosity = options.Verbosity, NumericPorts = options.NumericPorts };
    }
}
