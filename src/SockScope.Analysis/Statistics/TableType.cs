namespace SockScope.Analysis.Statistics;

/// <summary>The protocols `conv,TYPE` and `endpoints,TYPE` tabulate.</summary>
public enum TableType : byte
{
    /// <summary>`eth`: Ethernet source and destination.</summary>
    Ethernet,
    /// <summary>`ip`: every IPv4 header (an IP-in-IP packet counts for both).</summary>
    Ipv4,
    /// <summary>`ipv6`: every IPv6 header.</summary>
    Ipv6,
    /// <summary>`tcp`: address and port pairs of every TCP header.</summary>
    Tcp,
    /// <summary>`udp`: address and port pairs of every UDP header.</summary>
    Udp,
}

/// <summary>Names of a <see cref="TableType"/> as tshark spells them.</summary>
public static class TableTypes
{
    /// <summary>The spec word (`eth`, `ip`, `ipv6`, `tcp`, `udp`), or false.</summary>
    public static bool TryParse(string word, out TableType type)
    {
        switch (word)
        {
            case "eth": type = TableType.Ethernet; return true;
            case "ip": type = TableType.Ipv4; return true;
            case "ipv6": type = TableType.Ipv6; return true;
            case "tcp": type = TableType.Tcp; return true;
            case "udp": type = TableType.Udp; return true;
            default: type = default; return false;
        }
    }

    /// <summary>The title word: "Ethernet", "IPv4", "IPv6", "TCP", "UDP".</summary>
    public static string Title(TableType type) => type switch
    {
        TableType.Ethernet => "Ethernet",
        TableType.Ipv4 => "IPv4",
        TableType.Ipv6 => "IPv6",
        TableType.Tcp => "TCP",
        _ => "UDP",
    };

    /// <summary>True for the types whose rows carry ports.</summary>
    public static bool HasPorts(TableType type) => type is TableType.Tcp or TableType.Udp;
}
