using System.Net;
using SockScope.Wire.Addresses;

namespace SockScope.Analysis.Flows;

/// <summary>
/// An IPv4 or IPv6 address as two 64-bit halves (IPv4 in the low 32 bits), so one flow key type
/// serves both versions without allocating. Formats itself like <see cref="Ipv4Address"/> / <see cref="Ipv6Address"/>.
/// </summary>
public readonly record struct FlowAddress : IComparable<FlowAddress>, IUtf8SpanFormattable, ISpanFormattable
{
    private FlowAddress(ulong high, ulong low, bool isIpv6)
    {
        High = high;
        Low = low;
        IsIpv6 = isIpv6;
    }

    /// <summary>The address's first 64 bits (0 for IPv4).</summary>
    public ulong High { get; }
    /// <summary>The address's last 64 bits (the IPv4 address in the low 32 bits).</summary>
    public ulong Low { get; }
    /// <summary>True for IPv6.</summary>
    public bool IsIpv6 { get; }
    /// <summary>4 or 16.</summary>
    public int ByteLength => IsIpv6 ? Ipv6Address.Size : Ipv4Address.Size;

    /// <summary>Wraps an IPv4 address.</summary>
    public static FlowAddress From(Ipv4Address address) => new(0, address.Value, false);
    /// <summary>Wraps an IPv6 address.</summary>
    public static FlowAddress From(Ipv6Address address) => new(address.High, address.Low, true);

    /// <summary>Converts an <see cref="IPAddress"/> (API edge; IPv4-mapped IPv6 stays IPv6).</summary>
    public static FlowAddress From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? From(Ipv6Address.FromIPAddress(address))
            : From(Ipv4Address.FromIPAddress(address));
    }

    /// <summary>Parses a textual IPv4 or IPv6 address.</summary>
    public static FlowAddress Parse(string text) => From(IPAddress.Parse(text));

    /// <summary>The IPv4 view (meaningful only when not <see cref="IsIpv6"/>).</summary>
    public Ipv4Address AsIpv4 => new((uint)Low);
    /// <summary>The IPv6 view (meaningful only when <see cref="IsIpv6"/>).</summary>
    public Ipv6Address AsIpv6 => new(High, Low);

    /// <summary>Writes the address in network byte order (4 or 16 bytes).</summary>
    public void Write(Span<byte> destination)
    {
        if (IsIpv6) AsIpv6.Write(destination);
        else AsIpv4.Write(destination);
    }

    /// <summary>Converts to <see cref="IPAddress"/> (allocates; for the API edge).</summary>
    public IPAddress ToIPAddress() => IsIpv6 ? AsIpv6.ToIPAddress() : AsIpv4.ToIPAddress();

    /// <summary>Orders IPv4 before IPv6, then by the address bytes (network order), as Community ID compares them.</summary>
    public int CompareTo(FlowAddress other)
    {
        if (IsIpv6 != other.IsIpv6) return IsIpv6 ? 1 : -1;
        int c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <summary>Formats as dotted quad or RFC 5952 text into UTF-8.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        IsIpv6 ? AsIpv6.TryFormat(utf8Destination, out bytesWritten, format, provider) : AsIpv4.TryFormat(utf8Destination, out bytesWritten, format, provider);

    /// <summary>Formats as dotted quad or RFC 5952 text.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        IsIpv6 ? AsIpv6.TryFormat(destination, out charsWritten, format, provider) : AsIpv4.TryFormat(destination, out charsWritten, format, provider);

    /// <summary>The address as text.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The address as text.</summary>
    public override string ToString() => IsIpv6 ? AsIpv6.ToString() : AsIpv4.ToString();
}
