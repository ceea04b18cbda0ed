namespace SockScope.Files.Pcap;

/// <summary>Layout of the classic libpcap file format (tcpdump.org/manpages/pcap-savefile.5.html).</summary>
internal static class PcapFormat
{
    public const uint MicrosecondMagic = 0xA1B2C3D4;
    public const uint NanosecondMagic = 0xA1B23C4D;
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;
    public const ushort VersionMajor = 2;
    public const ushort VersionMinor = 4;

    /// <summary>libpcap refuses records larger than this whatever the snaplen says; so do we.</summary>
    public const int MaxRecordLength = 256 * 1024;

    // Offsets inside the file header.
    public const int SnapLengthOffset = 16;
    public const int LinkTypeOffset = 20;

    /// <summary>The link-type field's low 16 bits hold the LINKTYPE_ value; the upper bits carry FCS information.</summary>
    public const uint LinkTypeMask = 0xFFFF;
}
