namespace SockScope.Wire.Ip;

/// <summary>Field offsets of an IPv4 header (RFC 791).</summary>
internal static class Ipv4Offsets
{
    public const int VersionAndHeaderLength = 0;
    public const int TypeOfService = 1;
    public const int TotalLength = 2;
    public const int Identification = 4;
    public const int FlagsAndFragmentOffset = 6;
    public const int TimeToLive = 8;
    public const int Protocol = 9;
    public const int HeaderChecksum = 10;
    public const int Source = 12;
    public const int Destination = 16;
    public const int Options = 20;
    public const int MinHeaderLength = 20;
    public const int MaxHeaderLength = 60;

    public const ushort ReservedFlag = 0x8000;
    public const ushort DontFragmentFlag = 0x4000;
    public const ushort MoreFragmentsFlag = 0x2000;
    public const ushort FragmentOffsetMask = 0x1FFF;
}
