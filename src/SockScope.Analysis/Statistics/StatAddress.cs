using System.Runtime.CompilerServices;
using SockScope.Wire.Addresses;

namespace SockScope.Analysis.Statistics;

/// <summary>The address families the conversation and endpoint tables key on.</summary>
public enum StatAddressKind : byte
{
    /// <summary>A 48-bit MAC address.</summary>
    Ethernet = 1,
    /// <summary>An IPv4 address.</summary>
    Ipv4,
    /// <summary>An IPv6 address.</summary>
    Ipv6,
}

/// <summary>
/// An address as a table key: kind plus up to 128 bits, compared by value, formatted as tshark
/// shows it (MAC addresses through <see cref="MacNameResolver"/>).
/// </summary>
/// <param name="Kind">The address family.</param>
/// <param name="High">IPv6: the upper 64 bits; otherwise 0.</param>
/// <param name="Low">IPv6: the lower 64 bits; IPv4: the address; MAC: the 48-bit value.</param>
public readonly record struct StatAddress(StatAddressKind Kind, ulong High, ulong Low)
{
    // The From methods are inlined: built by a call and copied out, the 24-byte key stalled on
    // store forwarding in the per-frame walk (a sixth of `stats -z conv,tcp`'s time).

    /// <summary>The key for a MAC address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatAddress From(MacAddress mac) => new(StatAddressKind.Ethernet, 0, mac.Value);

    /// <summary>The key for an IPv4 address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatAddress From(Ipv4Address ip) => new(StatAddressKind.Ipv4, 0, ip.Value);

    /// <summary>The key for an IPv6 address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatAddress From(Ipv6Address ip) => new(StatAddressKind.Ipv6, ip.High, ip.Low);

    /// <summary>The address as tshark prints it (MAC names resolved by <paramref name="names"/>, when given).</summary>
    public string Format(MacNameResolver? names) => Kind switch
    {
        StatAddressKind.Ethernet => names is null ? new MacAddress(Low).ToString() : names.Resolve(new MacAddress(Low)),
        StatAddressKind.Ipv4 => new Ipv4Address((uint)Low).ToString(),
        _ => new Ipv6Address(High, Low).ToString(),
    };
}
