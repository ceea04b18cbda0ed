namespace SockScope.Net.Capture;

/// <summary>
/// Where a captured frame was going, as the kernel classifies it (sll_pkttype, PACKET_HOST ...
/// in linux/if_packet.h). The values are the kernel's, so the cooked header can carry them as is.
/// </summary>
public enum PacketDirection : byte
{
    /// <summary>Addressed to this host.</summary>
    Host = 0,
    /// <summary>Sent to the link's broadcast address.</summary>
    Broadcast = 1,
    /// <summary>Sent to a multicast group.</summary>
    Multicast = 2,
    /// <summary>Addressed to another host (seen in promiscuous mode).</summary>
    OtherHost = 3,
    /// <summary>Sent by this host.</summary>
    Outgoing = 4,
}

/// <summary>Which frames to keep, tcpdump's <c>-Q in|out|inout</c>.</summary>
public enum CaptureDirection
{
    /// <summary>Both directions (the default).</summary>
    InOut,
    /// <summary>Only frames this host received.</summary>
    In,
    /// <summary>Only frames this host sent.</summary>
    Out,
}

/// <summary>How a fanout group spreads packets over its members (PACKET_FANOUT_* modes).</summary>
public enum FanoutMode
{
    /// <summary>By flow hash: every packet of one flow reaches the same reader.</summary>
    Hash = 0,
    /// <summary>Round robin.</summary>
    LoadBalance = 1,
    /// <summary>By the CPU the packet arrived on.</summary>
    Cpu = 2,
    /// <summary>Fill one reader, then the next when its ring is full.</summary>
    Rollover = 3,
    /// <summary>At random.</summary>
    Random = 4,
    /// <summary>By the NIC receive queue the packet came in on.</summary>
    QueueMapping = 5,
}
