namespace SockScope.Net.Capture;

/// <summary>
/// Where a captured frame was going, as the kernel classifies it (sll_pkttype, PACKET_HOST ...
/// in linux/if_packet.h). The values are the kernel's, so the cooked header can carry them as is.
/// </summary>
public enum PacketDirection : byte
{
    /// <summary>Addressed to this host.</summary>
    Host = 0,
    Broadcast = 1,
    Multicast = 2,
    /// <summary>Addressed to another host (seen in promiscuous mode).</summary>
    OtherHost = 3,
    /// <summary>Sent by this host.</summary>
    Outgoing = 4,
}

/// <summary>Which frames to keep, tcpdump's <c>-Q in|out|inout</c>.</summary>
public enum CaptureDirection
{
    InOut,
    In,
    Out,
}

/// <summary>How a fanout group spreads packets over its members (PACKET_FANOUT_* modes).</summary>
public enum FanoutMode
{
    /// <summary>By flow hash: every packet of one flow reaches the same reader.</summary>
    Hash = 0,
    LoadBalance = 1,
    Cpu = 2,
    Rollover = 3,
    Random = 4,
    QueueMapping = 5,
}
