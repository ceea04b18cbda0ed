namespace SockScope.Analysis.Flows;

/// <summary>
/// Ports Zeek's analyzers register (its default <c>likely_server_ports</c>): when a TCP connection
/// is first seen without a SYN, or a UDP flow starts from such a port towards one that is not, the
/// first packet is taken to come from the server and the roles are flipped.
/// </summary>
public static class LikelyServerPorts
{
    private static readonly bool[] Ports = Build();

    /// <summary>True when <paramref name="port"/> is one a server usually listens on.</summary>
    public static bool Contains(ushort port) => Ports[port];

    private static bool[] Build()
    {
        var set = new bool[65536];
        ReadOnlySpan<ushort> ports =
        [
            20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 81, 88, 110, 111, 123, 135, 137, 138, 139, 143, 161, 162, 179, 389, 443, 445,
            464, 502, 514, 515, 546, 547, 563, 585, 587, 614, 631, 636, 749, 750, 873, 989, 990, 992, 993, 994, 995, 1080, 1194,
            1433, 1434, 1723, 1812, 1813, 1883, 2049, 2123, 2152, 2811, 3128, 3268, 3269, 3306, 3389, 3544, 4789, 5060, 5061,
            5222, 5223, 5269, 5353, 5355, 5432, 5671, 5672, 6081, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8443, 8883, 8888,
            9200, 11211, 20000, 27017, 47808,
        ];
        foreach (ushort p in ports) set[p] = true;
        return set;
    }
}
