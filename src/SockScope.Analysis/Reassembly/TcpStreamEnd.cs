namespace SockScope.Analysis.Reassembly;

/// <summary>Why one direction of a TCP stream stopped delivering data.</summary>
public enum TcpStreamEnd : byte
{
    /// <summary>Still open.</summary>
    None = 0,
    /// <summary>Every byte up to the sender's FIN was delivered.</summary>
    Fin,
    /// <summary>A RST arrived in either direction; held data was delivered past its holes first.</summary>
    Reset,
    /// <summary>The owner flushed the stream (end of input, flow timeout or eviction) before a FIN completed it.</summary>
    Flushed,
}
