namespace SockScope.Wire.Transport;

/// <summary>TCP control bits, the flags byte plus the AE/NS bit at 0x100.</summary>
[Flags]
public enum TcpFlags : ushort
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
    Urg = 0x20,
    Ece = 0x40,
    Cwr = 0x80,
    /// <summary>Accurate ECN (formerly the ECN nonce sum, NS), bit 8 of the 12 flag bits.</summary>
    Ae = 0x100,
}

/// <summary>TCP option kinds (IANA registry).</summary>
public enum TcpOptionKind : byte
{
    EndOfList = 0,
    NoOperation = 1,
    MaximumSegmentSize = 2,
    WindowScale = 3,
    SackPermitted = 4,
    Sack = 5,
    Echo = 6,
    EchoReply = 7,
    Timestamps = 8,
    PartialOrderPermitted = 9,
    PartialOrderService = 10,
    Cc = 11,
    CcNew = 12,
    CcEcho = 13,
    AlternateChecksumRequest = 14,
    AlternateChecksumData = 15,
    Md5Signature = 19,
    QuickStart = 27,
    UserTimeout = 28,
    TcpAuthentication = 29,
    Multipath = 30,
    FastOpen = 34,
    Experimental1 = 253,
    Experimental2 = 254,
}
