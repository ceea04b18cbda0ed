using System.Globalization;

namespace SockScope.Analysis.Flows;

/// <summary>
/// Zeek's Site::local_nets: the IPv4 and IPv6 prefixes that count as local, for conn.log's
/// local_orig and local_resp. Parsed from "10.0.0.0/8,fd00::/8,192.0.2.7" (a bare address is a
/// host prefix; host bits past the prefix length are ignored, as Zeek masks a subnet literal).
/// </summary>
public sealed class LocalNetworks
{
    private readonly (ulong High, ulong Low, int Length, bool IsIpv6)[] _prefixes;

    private LocalNetworks((ulong, ulong, int, bool)[] prefixes) => _prefixes = prefixes;

    /// <summary>The prefixes as text, in the order given, normalized ("10.0.0.0/8").</summary>
    public IReadOnlyList<string> Prefixes => _prefixes.Select(p => $"{(p.IsIpv6 ? FlowAddress.From(new Wire.Addresses.Ipv6Address(p.High, p.Low)) : FlowAddress.From(new Wire.Addresses.Ipv4Address((uint)p.Low)))}/{p.Length}").ToList();

    /// <summary>True when <paramref name="address"/> lies in one of the prefixes (IPv4 prefixes hold IPv4 addresses only, IPv6 prefixes IPv6 ones).</summary>
    public bool Contains(FlowAddress address)
    {
        foreach (var (high, low, length, isIpv6) in _prefixes)
        {
            if (isIpv6 != address.IsIpv6) continue;
            if (!isIpv6)
            {
                if (length == 0 || ((uint)address.Low ^ (uint)low) >> (32 - length) == 0) return true;
                continue;
            }
            if (length <= 64)
            {
                if (length == 0 || (address.High ^ high) >> (64 - length) == 0) return true;
            }
            else if (address.High == high && (length == 128 || (address.Low ^ low) >> (128 - length) == 0)) return true;
        }
        return false;
    }

    /// <summary>Parses a comma-separated list of prefixes; throws <see cref="LocalNetworksFormatException"/> (with the column) for a bad one.</summary>
    public static LocalNetworks Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefixes = new List<(ulong, ulong, int, bool)>();
        int start = 0;
        while (true)
        {
            int comma = text.IndexOf(',', start);
            int end = comma < 0 ? text.Length : comma;
            prefixes.Add(ParseOne(text, start, end));
            if (comma < 0) break;
            start = comma + 1;
        }
        return new LocalNetworks([.. prefixes]);
    }

    private static (ulong, ulong, int, bool) ParseOne(string text, int start, int end)
    {
        ReadOnlySpan<char> item = text.AsSpan(start, end - start);
        if (item.IsEmpty) throw new LocalNetworksFormatException("empty prefix", text, start);
        int slash = item.IndexOf('/');
        ReadOnlySpan<char> addressText = slash < 0 ? item : item[..slash];
        if (!System.Net.IPAddress.TryParse(addressText, out System.Net.IPAddress? parsed) || addressText.Contains('%'))
            throw new LocalNetworksFormatException($"'{addressText}' is not an IPv4 or IPv6 address", text, start);
        FlowAddress address = FlowAddress.From(parsed);
        int max = address.IsIpv6 ? 128 : 32, length = max;
        if (slash >= 0)
        {
            ReadOnlySpan<char> lengthText = item[(slash + 1)..];
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > max)
                throw new LocalNetworksFormatException($"prefix length must be 0 to {max}", text, start + slash + 1);
        }
        ulong high = address.High, low = address.Low;
        // Mask the host bits.
        if (!address.IsIpv6) low = length == 0 ? 0 : low & (0xFFFF_FFFFu << (32 - length)) & 0xFFFF_FFFF;
        else if (length <= 64)
        {
            high = length == 0 ? 0 : high & (ulong.MaxValue << (64 - length));
            low = 0;
        }
        else if (length < 128) low &= ulong.MaxValue << (128 - length);
        return (high, low, length, address.IsIpv6);
    }
}

/// <summary>A local-networks list that does not parse; <see cref="Column"/> (0-based) points at the bad prefix or its length.</summary>
public sealed class LocalNetworksFormatException(string message, string text, int column) : FormatException(message)
{
    /// <summary>The list as given.</summary>
    public string Text { get; } = text;

    /// <summary>0-based column of the problem in <see cref="Text"/>.</summary>
    public int Column { get; } = column;
}
