namespace SockScope.Files;

/// <summary>The container formats SockScope reads and writes.</summary>
public enum CaptureFileFormat
{
    /// <summary>Classic libpcap file, microsecond timestamps (magic a1b2c3d4).</summary>
    Pcap,
    /// <summary>Classic libpcap file, nanosecond timestamps (magic a1b23c4d).</summary>
    PcapNanoseconds,
    /// <summary>pcapng (Section Header Block 0a0d0d0a).</summary>
    PcapNg,
}

/// <summary>Format choices as users name them on the command line.</summary>
public static class CaptureFileFormats
{
    /// <summary>pcapng when the path ends in ".pcapng" (any case), classic pcap otherwise.</summary>
    public static CaptureFileFormat FromPath(string path, bool nanoseconds = false) =>
        path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase) ? CaptureFileFormat.PcapNg
        : nanoseconds ? CaptureFileFormat.PcapNanoseconds : CaptureFileFormat.Pcap;
}
