namespace SockScope.Wire.Transport;

/// <summary>
/// Field offsets of a TCP header (RFC 9293 §3.1), from its first byte; multi-byte fields are
/// big-endian. For code that reads a header the decoder already checked without building a view again.
/// </summary>
public static class TcpOffsets
{
    /// <summary>Source port (16 bits).</summary>
    public const int SourcePort = 0;
    /// <summary>Destination port (16 bits).</summary>
    public const int DestinationPort = 2;
    /// <summary>Sequence number (32 bits).</summary>
    public const int SequenceNumber = 4;
    /// <summary>Acknowledgment number (32 bits).</summary>
    public const int AcknowledgmentNumber = 8;
    /// <summary>Data offset in the upper nibble, reserved bits and the AE (NS) flag in the lower.</summary>
    public const int DataOffset = 12;
    /// <summary>The eight flag bits CWR ECE URG ACK PSH RST SYN FIN.</summary>
    public const int Flags = 13;
    /// <summary>Receive window, unscaled (16 bits).</summary>
    public const int Window = 14;
    /// <summary>Checksum over the pseudo-header, header and data (16 bits).</summary>
    public const int Checksum = 16;
    /// <summary>Urgent pointer (16 bits).</summary>
    public const int UrgentPointer = 18;
    /// <summary>Where options start, when the data offset is above 5.</summary>
    public const int Options = 20;
    /// <summary>Length of a header without options (data offset 5).</summary>
    public const int MinHeaderLength = 20;
    /// <summary>Longest header the 4-bit data offset can describe (15 words).</summary>
    public const int MaxHeaderLength = 60;
}

/// <summary>Field offsets of a UDP header (RFC 768), from its first byte; fields are 16-bit big-endian.</summary>
public static class UdpOffsets
{
    /// <summary>Source port.</summary>
    public const int SourcePort = 0;
    /// <summary>Destination port.</summary>
    public const int DestinationPort = 2;
    /// <summary>Length of header and payload in bytes (below 8 is malformed).</summary>
    public const int Length = 4;
    /// <summary>Checksum (0 over IPv4: none computed).</summary>
    public const int Checksum = 6;
    /// <summary>Length of the header.</summary>
    public const int HeaderLength = 8;
}
