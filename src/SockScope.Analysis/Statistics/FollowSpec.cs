using System.Globalization;
using SockScope.Wire.Addresses;

namespace SockScope.Analysis.Statistics;

/// <summary>How `follow` prints a stream's data.</summary>
public enum FollowMode : byte
{
    /// <summary>Length line, then the bytes with unprintables as dots.</summary>
    Ascii,
    /// <summary>Offset, 16 hex bytes and their characters per line.</summary>
    Hex,
    /// <summary>Each chunk as one line of hex digits.</summary>
    Raw,
}

/// <summary>One side of a `follow` spec given as ADDR:PORT.</summary>
/// <param name="Address">The address.</param>
/// <param name="Port">The port.</param>
public readonly record struct FollowEndpoint(StatAddress Address, ushort Port)
{
    /// <summary>Parses "10.0.0.1:80", "[fd00::1]:80" or "fd00::1:80" (the last colon splits).</summary>
    public static bool TryParse(string text, out FollowEndpoint endpoint)
    {
        endpoint = default;
        int colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        string host = text[..colon];
        if (!ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)) return false;
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (Ipv4Address.TryParse(host, out Ipv4Address v4)) endpoint = new(StatAddress.From(v4), port);
        else if (Ipv6Address.TryParse(host, out Ipv6Address v6)) endpoint = new(StatAddress.From(v6), port);
        else return false;
        return true;
    }
}

/// <summary>Parses `follow,tcp|udp,ascii|hex|raw,N` and `follow,...,ADDR:PORT,ADDR:PORT`.</summary>
internal static class FollowSpec
{
    public static StatisticsTap Create(string spec, string[] parts)
    {
        const string Usage = "follow,tcp|udp,ascii|hex|raw,STREAM or follow,tcp|udp,ascii|hex|raw,ADDR:PORT,ADDR:PORT";
        if (parts.Length is < 4 or > 5) throw new StatisticsSpecException($"'{spec}': expected {Usage}");
        bool tcp = parts[1] switch
        {
            "tcp" => true,
            "udp" => false,
            _ => throw new StatisticsSpecException($"'{spec}': follow supports tcp and udp ({Usage})"),
        };
        FollowMode mode = parts[2] switch
        {
            "ascii" => FollowMode.Ascii,
            "hex" => FollowMode.Hex,
            "raw" => FollowMode.Raw,
            _ => throw new StatisticsSpecException($"'{spec}': unknown follow mode '{parts[2]}' (ascii, hex or raw)"),
        };
        if (parts.Length == 4)
        {
            if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out int stream))
                throw new StatisticsSpecException($"'{spec}': '{parts[3]}' is not a stream index ({Usage})");
            return new FollowTap(spec, tcp, mode, stream, null, null);
        }
        if (!FollowEndpoint.TryParse(parts[3], out FollowEndpoint a) || !FollowEndpoint.TryParse(parts[4], out FollowEndpoint b))
            throw new StatisticsSpecException($"'{spec}': expected two ADDR:PORT endpoints ({Usage})");
        if (a.Address.Kind != b.Address.Kind)
            throw new StatisticsSpecException($"'{spec}': both endpoints must be IPv4 or both IPv6");
        return new FollowTap(spec, tcp, mode, -1, a, b);
    }
}
