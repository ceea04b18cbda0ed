namespace SockScope.Wire.Arp;

/// <summary>ARP operation codes (RFC 826, RFC 903 for RARP).</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
    ReverseRequest = 3,
    ReverseReply = 4,
}
