namespace SockScope.Wire.Arp;

/// <summary>ARP opcodes (RFC 826, RFC 903 for RARP, RFC 2390 for InARP).</summary>
public enum ArpOperation : ushort
{
    /// <summary>ARP request (1, RFC 826): who has the target protocol address?</summary>
    Request = 1,
    /// <summary>ARP reply (2, RFC 826): the sender has it, at its hardware address.</summary>
    Reply = 2,
    /// <summary>RARP request (3, RFC 903): what is my protocol address?</summary>
    ReverseRequest = 3,
    /// <summary>RARP reply (4, RFC 903).</summary>
    ReverseReply = 4,
    /// <summary>InARP request (8, RFC 2390): what protocol address goes with this hardware address (Frame Relay, ATM)?</summary>
    InverseRequest = 8,
    /// <summary>InARP reply (9, RFC 2390).</summary>
    InverseReply = 9,
    /// <summary>ARP NAK (10, RFC 1577, ATMARP): the server has no entry.</summary>
    Nak = 10,
}
