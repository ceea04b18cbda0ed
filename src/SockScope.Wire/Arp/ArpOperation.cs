namespace SockScope.Wire.Arp;

/// <summary>ARP opcodes (RFC 826, RFC 903 for RARP, RFC 2390 for InARP).</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
    ReverseRequest = 3,
    ReverseReply = 4,
    InverseRequest = 8,
    InverseReply = 9,
    Nak = 10,
}
