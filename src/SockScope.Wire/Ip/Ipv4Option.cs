namespace SockScope.Wire.Ip;

/// <summary>Encodes the IPv4 options a tester reaches for (RFC 791, RFC 2113) into option bytes.</summary>
public static class Ipv4Option
{
    /// <summary>End of option list (type 0): a single byte; the rest of the option area is padding.</summary>
    public const byte EndOfList = 0;
    /// <summary>No operation (type 1): a single padding byte between options.</summary>
    public const byte NoOperation = 1;
    /// <summary>The Record Route type byte (7, RFC 791).</summary>
    public const byte RecordRouteType = 7;
    /// <summary>The Router Alert type byte (148: copied flag set, class 0, number 20; RFC 2113).</summary>
    public const byte RouterAlertType = 148;

    /// <summary>Router Alert: every router on the path examines the packet (value 0).</summary>
    public static byte[] RouterAlert() => [RouterAlertType, 4, 0, 0];

    /// <summary>Record Route with room for <paramref name="slots"/> addresses (1-9).</summary>
    public static byte[] RecordRoute(int slots)
    {
        if (slots is < 1 or > 9) throw new ArgumentOutOfRangeException(nameof(slots), "record route holds 1 to 9 addresses");
        var option = new byte[3 + 4 * slots];
        option[0] = RecordRouteType;
        option[1] = (byte)option.Length;
        option[2] = 4; // pointer: first free slot, counted from 1
        return option;
    }
}
