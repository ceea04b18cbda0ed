namespace SockScope.Wire.Ip;

/// <summary>IPv4 option type bytes (copy flag, class and number together), RFC 791 and later.</summary>
public enum Ipv4OptionType : byte
{
    EndOfList = 0,
    NoOperation = 1,
    Security = 130,
    LooseSourceRoute = 131,
    Timestamp = 68,
    ExtendedSecurity = 133,
    RecordRoute = 7,
    StreamId = 136,
    StrictSourceRoute = 137,
    RouterAlert = 148,
}
