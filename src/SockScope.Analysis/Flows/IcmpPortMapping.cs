namespace SockScope.Analysis.Flows;

/// <summary>
/// ICMP and ICMPv6 have no ports; Zeek (and Community ID after it) use the type as the source
/// "port" and, for request/reply pairs, the counterpart type as the destination "port" (otherwise
/// the code, and the message is one-way). This keeps a request and its reply in one flow.
/// </summary>
public static class IcmpPortMapping
{
    /// <summary>The "ports" of an ICMP (IPv4) message: (type, counterpart type or code, one-way).</summary>
    public static (ushort SourcePort, ushort DestinationPort, bool IsOneWay) Icmpv4(byte type, byte code) => type switch
    {
        8 => (8, 0, false),     // echo request -> echo reply
        0 => (0, 8, false),
        13 => (13, 14, false),  // timestamp
        14 => (14, 13, false),
        15 => (15, 16, false),  // information
        16 => (16, 15, false),
        10 => (10, 9, false),   // router solicitation -> advertisement (not the reverse: advertisements are unsolicited too)
        17 => (17, 18, false),  // address mask
        18 => (18, 17, false),
        _ => (type, code, true),
    };

    /// <summary>The "ports" of an ICMPv6 message: (type, counterpart type or code, one-way).</summary>
    public static (ushort SourcePort, ushort DestinationPort, bool IsOneWay) Icmpv6(byte type, byte code) => type switch
    {
        128 => (128, 129, false), // echo
        129 => (129, 128, false),
        133 => (133, 134, false), // router solicitation / advertisement
        134 => (134, 133, false),
        135 => (135, 136, false), // neighbor solicitation / advertisement
        136 => (136, 135, false),
        130 => (130, 131, false), // multicast listener query / report
        131 => (131, 130, false),
        139 => (139, 140, false), // node information query / reply ("who are you")
        140 => (140, 139, false),
        144 => (144, 145, false), // home agent address discovery
        145 => (145, 144, false),
        _ => (type, code, true),
    };
}
