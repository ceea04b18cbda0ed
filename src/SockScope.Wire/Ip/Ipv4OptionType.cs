namespace SockScope.Wire.Ip;

/// <summary>IPv4 option type bytes (copy flag, class and number together), RFC 791 and later.</summary>
public enum Ipv4OptionType : byte
{
    /// <summary>End of option list (0, RFC 791): one byte; what follows is padding.</summary>
    EndOfList = 0,
    /// <summary>No operation (1, RFC 791): one padding byte between options.</summary>
    NoOperation = 1,
    /// <summary>Security (130, RFC 1108): the DoD basic security option.</summary>
    Security = 130,
    /// <summary>Loose source and record route (131, RFC 791): addresses the packet must pass through, in order.</summary>
    LooseSourceRoute = 131,
    /// <summary>Internet timestamp (68, RFC 791): routers add milliseconds since midnight UT, optionally with their address.</summary>
    Timestamp = 68,
    /// <summary>Extended security (133, RFC 1108).</summary>
    ExtendedSecurity = 133,
    /// <summary>Record route (7, RFC 791): each router writes its address into the next free slot.</summary>
    RecordRoute = 7,
    /// <summary>Stream identifier (136, RFC 791); obsolete.</summary>
    StreamId = 136,
    /// <summary>Strict source and record route (137, RFC 791): the exact hops to take.</summary>
    StrictSourceRoute = 137,
    /// <summary>Router alert (148, RFC 2113): routers should examine the packet (RSVP, IGMP, MLD).</summary>
    RouterAlert = 148,
}
