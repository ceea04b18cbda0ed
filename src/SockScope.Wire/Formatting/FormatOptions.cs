namespace SockScope.Wire.Formatting;

/// <summary>What tcpdump's display flags ask of the text formatter.</summary>
public sealed record FormatOptions
{
    /// <summary>Number of <c>-v</c> flags (0 to 3).</summary>
    public int Verbosity { get; init; }
    /// <summary>
    /// <c>-nn</c>: ports and protocols as numbers. (tcpdump 4.99.3 already prints numbers with a
    /// single <c>-n</c>; names such as ".domain" appear only without <c>-n</c>.)
    /// </summary>
    public bool NumericPorts { get; init; }
    /// <summary><c>-e</c>: print the link-level header.</summary>
    public bool LinkHeader { get; init; }
    /// <summary><c>-q</c>: less protocol information.</summary>
    public bool Quiet { get; init; }
    /// <summary><c>-S</c>: absolute TCP sequence numbers instead of numbers relative to the conversation's start.</summary>
    public bool AbsoluteTcpSequence { get; init; }
    /// <summary>
    /// False for <c>-K</c>: IPv4 header, TCP and UDP checksums are not verified, and nothing is
    /// printed about them (ICMP, ICMPv6 and IGMP checksums still are, as tcpdump does).
    /// </summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>
    /// Names interfaces by index for Linux cooked v2 captures, whose lines tcpdump starts with the
    /// interface name. The name must be cached by the caller (it is printed for every packet);
    /// null, or a null result, prints "?" as tcpdump does for an unknown index.
    /// </summary>
    public Func<uint, string?>? InterfaceName { get; init; }

    /// <summary>The defaults: what plain <c>tcpdump</c> prints (no -v, -e, -q or -S; checksums verified as tcpdump does).</summary>
    public static FormatOptions Default { get; } = new();
}
