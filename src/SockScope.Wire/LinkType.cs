namespace SockScope.Wire;

/// <summary>
/// LINKTYPE_ values as pcap and pcapng files record them (tcpdump.org/linktypes.html), not the
/// platform-dependent DLT_ values. Values outside this list are still carried as numbers.
/// </summary>
public enum LinkType : ushort
{
    /// <summary>BSD loopback: 4-byte address family in the host byte order of the writer.</summary>
    Null = 0,
    /// <summary>Ethernet II and 802.3 frames (DLT_EN10MB): 14-byte header, no preamble or FCS.</summary>
    Ethernet = 1,
    /// <summary>Raw IPv4 or IPv6, the version nibble tells which.</summary>
    Raw = 101,
    /// <summary>OpenBSD loopback: 4-byte address family in network byte order.</summary>
    Loop = 108,
    /// <summary>Linux cooked capture v1 (16-byte header).</summary>
    LinuxSll = 113,
    /// <summary>IEEE 802.11 wireless frames without a radio header.</summary>
    Ieee802_11 = 105,
    /// <summary>Raw IPv4 only (no link-layer header).</summary>
    Ipv4 = 228,
    /// <summary>Raw IPv6 only (no link-layer header).</summary>
    Ipv6 = 229,
    /// <summary>Linux cooked capture v2 (20-byte header, interface index included).</summary>
    LinuxSll2 = 276,
}

/// <summary>Conversions between <see cref="LinkType"/> values and the names and descriptions tcpdump uses.</summary>
public static class LinkTypeNames
{
    /// <summary>The names tcpdump prints and accepts (<c>-y</c>, <c>--linktype</c>).</summary>
    public static string Name(LinkType type) => type switch
    {
        LinkType.Null => "NULL",
        LinkType.Ethernet => "EN10MB",
        LinkType.Raw => "RAW",
        LinkType.Loop => "LOOP",
        LinkType.LinuxSll => "LINUX_SLL",
        LinkType.LinuxSll2 => "LINUX_SLL2",
        LinkType.Ieee802_11 => "IEEE802_11",
        LinkType.Ipv4 => "IPV4",
        LinkType.Ipv6 => "IPV6",
        _ => "LINKTYPE_" + ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>tcpdump's description, as printed in "reading from file F, link-type X (Y)".</summary>
    public static string Description(LinkType type) => type switch
    {
        LinkType.Null => "BSD loopback",
        LinkType.Ethernet => "Ethernet",
        LinkType.Raw => "Raw IP",
        LinkType.Loop => "OpenBSD loopback",
        LinkType.LinuxSll => "Linux cooked v1",
        LinkType.LinuxSll2 => "Linux cooked v2",
        LinkType.Ieee802_11 => "802.11",
        LinkType.Ipv4 => "Raw IPv4",
        LinkType.Ipv6 => "Raw IPv6",
        _ => "unknown",
    };

    /// <summary>Parses a name tcpdump accepts (EN10MB, LINUX_SLL2 ..., case-insensitive) or a decimal LINKTYPE_ number; false for anything else.</summary>
    public static bool TryParse(string text, out LinkType type)
    {
        foreach (LinkType candidate in Enum.GetValues<LinkType>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }
        if (ushort.TryParse(text, out ushort number))
        {
            type = (LinkType)number;
            return true;
        }
        type = default;
        return false;
    }
}
