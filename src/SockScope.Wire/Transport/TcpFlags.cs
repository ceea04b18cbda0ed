namespace SockScope.Wire.Transport;

/// <summary>TCP control bits, the flags byte plus the AE/NS bit at 0x100.</summary>
[Flags]
public enum TcpFlags : ushort
{
    /// <summary>No control bit set.</summary>
    None = 0,
    /// <summary>FIN (0x01): the sender has no more data; closes its direction of the connection.</summary>
    Fin = 0x01,
    /// <summary>SYN (0x02): synchronise sequence numbers; opens a connection.</summary>
    Syn = 0x02,
    /// <summary>RST (0x04): reset the connection at once.</summary>
    Rst = 0x04,
    /// <summary>PSH (0x08): push the buffered data to the receiving application.</summary>
    Psh = 0x08,
    /// <summary>ACK (0x10): the acknowledgment number is valid; set on every segment after the first SYN.</summary>
    Ack = 0x10,
    /// <summary>URG (0x20): the urgent pointer is valid.</summary>
    Urg = 0x20,
    /// <summary>ECE (0x40): ECN echo; in a SYN, ECN-capable (RFC 3168).</summary>
    Ece = 0x40,
    /// <summary>CWR (0x80): congestion window reduced, in answer to ECE (RFC 3168).</summary>
    Cwr = 0x80,
    /// <summary>Accurate ECN (formerly the ECN nonce sum, NS), bit 8 of the 12 flag bits.</summary>
    Ae = 0x100,
}

/// <summary>TCP option kinds (IANA registry).</summary>
public enum TcpOptionKind : byte
{
    /// <summary>End of option list (0, RFC 9293): one byte; the rest is padding.</summary>
    EndOfList = 0,
    /// <summary>No operation (1, RFC 9293): one padding byte, to align the next option.</summary>
    NoOperation = 1,
    /// <summary>Maximum segment size (2, RFC 9293): the largest segment the sender accepts, in bytes; SYN only.</summary>
    MaximumSegmentSize = 2,
    /// <summary>Window scale (3, RFC 7323): the shift count (0-14) applied to the window field; SYN only.</summary>
    WindowScale = 3,
    /// <summary>SACK permitted (4, RFC 2018): selective acknowledgments may be used; SYN only.</summary>
    SackPermitted = 4,
    /// <summary>SACK (5, RFC 2018): up to four blocks of received sequence ranges.</summary>
    Sack = 5,
    /// <summary>Echo (6, RFC 1072); obsolete, replaced by timestamps.</summary>
    Echo = 6,
    /// <summary>Echo reply (7, RFC 1072); obsolete.</summary>
    EchoReply = 7,
    /// <summary>Timestamps (8, RFC 7323): the sender's clock value and the echoed value, for RTT and PAWS.</summary>
    Timestamps = 8,
    /// <summary>Partial order connection permitted (9, RFC 1693); historic.</summary>
    PartialOrderPermitted = 9,
    /// <summary>Partial order service profile (10, RFC 1693); historic.</summary>
    PartialOrderService = 10,
    /// <summary>Connection count, CC (11, RFC 1644, T/TCP); historic.</summary>
    Cc = 11,
    /// <summary>CC.NEW (12, RFC 1644); historic.</summary>
    CcNew = 12,
    /// <summary>CC.ECHO (13, RFC 1644); historic.</summary>
    CcEcho = 13,
    /// <summary>Alternate checksum request (14, RFC 1146); historic.</summary>
    AlternateChecksumRequest = 14,
    /// <summary>Alternate checksum data (15, RFC 1146); historic.</summary>
    AlternateChecksumData = 15,
    /// <summary>MD5 signature (19, RFC 2385): protects BGP sessions; superseded by TCP-AO.</summary>
    Md5Signature = 19,
    /// <summary>Quick-Start response (27, RFC 4782).</summary>
    QuickStart = 27,
    /// <summary>User timeout (28, RFC 5482): how long unacknowledged data may wait before the connection is dropped.</summary>
    UserTimeout = 28,
    /// <summary>TCP authentication option, TCP-AO (29, RFC 5925).</summary>
    TcpAuthentication = 29,
    /// <summary>Multipath TCP (30, RFC 8684): the subtype in the upper 4 bits of the first data byte.</summary>
    Multipath = 30,
    /// <summary>TCP Fast Open cookie (34, RFC 7413): requests or carries a cookie so data may ride on the SYN.</summary>
    FastOpen = 34,
    /// <summary>Experimental (253, RFC 4727); RFC 6994 puts a 16-bit experiment id first.</summary>
    Experimental1 = 253,
    /// <summary>Experimental (254, RFC 4727); used by Fast Open before 34 was assigned.</summary>
    Experimental2 = 254,
}
