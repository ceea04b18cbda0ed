namespace SockScope.Wire.Transport;

/// <summary>Field offsets of a TCP header (RFC 9293).</summary>
internal static class TcpOffsets
{
    public const int SourcePort = 0;
    public const int DestinationPort = 2;
    public const int SequenceNumber = 4;
    public const int AcknowledgmentNumber = 8;
    /// <summary>Data offset in the upper nibble, reserved bits and the AE (NS) flag in the lower.</summary>
    public const int DataOffset = 12;
    public const int Flags = 13;
    public const int Window = 14;
    public const int Checksum = 16;
    public const int UrgentPointer = 18;
    public const int Options = 20;
    public const int MinHeaderLength = 20;
    public const int MaxHeaderLength = 60;
}

/// <summary>Field offsets of a UDP header (RFC 768).</summary>
internal static class UdpOffsets
{
    public const int SourcePort = 0;
    public const int DestinationPort = 2;
    public const int Length = 4;
    public const int Checksum = 6;
    public const int HeaderLength = 8;
}
