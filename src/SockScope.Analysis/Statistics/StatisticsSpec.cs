namespace SockScope.Analysis.Statistics;

/// <summary>What the taps made from `-z` specs need from their surroundings.</summary>
public sealed class StatisticsOptions
{
    /// <summary>Names for MAC addresses (tshark resolves them by default); null prints them plainly.</summary>
    public MacNameResolver? MacNames { get; init; }

    /// <summary>Compiles `io,stat` column filters; null refuses specs with filters.</summary>
    public IFrameFilterCompiler? FilterCompiler { get; init; }

    /// <summary>Rows an io,stat table prints at most (default <see cref="IoStatTap.DefaultMaxRows"/>).</summary>
    public long MaxIoStatRows { get; init; } = IoStatTap.DefaultMaxRows;
}

/// <summary>Turns a tshark `-z` spec into its tap.</summary>
public static class StatisticsSpec
{
    /// <summary>The specs understood, for usage messages.</summary>
    public const string Accepted =
        "conv,eth|ip|ipv6|tcp|udp  endpoints,eth|ip|ipv6|tcp|udp  io,stat,INTERVAL[,FILTER]...  io,phs  " +
        "follow,tcp|udp,ascii|hex|raw,N|ADDR:PORT,ADDR:PORT";

    /// <summary>True when <paramref name="spec"/> has the shape of a statistics spec (its first word).</summary>
    public static bool LooksLikeSpec(string spec) =>
        spec.StartsWith("conv,", StringComparison.Ordinal) || spec.StartsWith("endpoints,", StringComparison.Ordinal)
        || spec.StartsWith("io,", StringComparison.Ordinal) || spec.StartsWith("follow,", StringComparison.Ordinal);

    /// <summary>The tap for <paramref name="spec"/>; <see cref="StatisticsSpecException"/> when it is not one we know.</summary>
    public static StatisticsTap Create(string spec, StatisticsOptions options)
    {
        string[] parts = spec.Split(',');
        switch (parts[0])
        {
            case "conv" or "endpoints":
                if (parts.Length != 2)
                    throw new StatisticsSpecException($"'{spec}': {parts[0]} takes one protocol ({parts[0]},eth|ip|ipv6|tcp|udp); a display filter is not supported");
                if (!TableTypes.TryParse(parts[1], out TableType type))
                    throw new StatisticsSpecException($"'{spec}': unknown protocol '{parts[1]}' (eth, ip, ipv6, tcp or udp)");
                return parts[0] == "conv" ? new ConversationTap(spec, type, options.MacNames) : new EndpointTap(spec, type, options.MacNames);
            case "io" when parts.Length >= 2 && parts[1] == "phs":
                if (parts.Length > 2) throw new StatisticsSpecException($"'{spec}': io,phs takes no filter here");
                return new ProtocolHierarchyTap(spec);
            case "io" when parts.Length >= 3 && parts[1] == "stat":
                return IoStatTap.Create(spec, parts, options.FilterCompiler, options.MaxIoStatRows);
            case "follow":
                return FollowSpec.Create(spec, parts);
            default:
                throw new StatisticsSpecException($"'{spec}': not a statistics spec we know (accepted: {Accepted})");
        }
    }
}
