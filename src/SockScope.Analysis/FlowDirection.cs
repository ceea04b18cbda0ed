namespace SockScope.Analysis;

/// <summary>Which side of a conversation a packet or a byte stream belongs to.</summary>
public enum FlowDirection : byte
{
    /// <summary>From the originator (Zeek's "orig", the side that opened the conversation) to the responder.</summary>
    Originator = 0,
    /// <summary>From the responder back to the originator.</summary>
    Responder = 1,
}
