namespace SockScope.Net.Capture;

/// <summary>
/// How ring frames become capture records: cooked header or not, VLAN re-insertion, direction and
/// snap length. Copied into each block enumerator so the per-frame path reads locals only.
/// </summary>
internal readonly record struct FrameShaping(
    bool Cooked,
    bool ReinsertVlan,
    CaptureDirection Direction,
    int SnapLength,
    LoopbackOutgoing Loopback)
{
    /// <summary>Bytes the kernel must leave free in front of each frame's link header (PACKET_RESERVE) for what we insert there.</summary>
    public int Reserve => Cooked ? CookedHeader.Length + VlanTagLength : VlanTagLength;

    public const int VlanTagLength = 4;
}

/// <summary>
/// A packet sent over a loopback device reaches packet sockets twice, as it leaves and as it
/// comes back in; tcpdump shows it once (the incoming copy). Which outgoing copies to drop.
/// </summary>
internal enum LoopbackOutgoing : byte
{
    /// <summary>Keep every frame (not a loopback device).</summary>
    Keep,
    /// <summary>The capture device is a loopback device: drop every outgoing frame.</summary>
    DropAll,
    /// <summary>The any device: drop outgoing frames whose interface is a loopback device (ARPHRD_LOOPBACK).</summary>
    DropOnLoopbackDevices,
}
