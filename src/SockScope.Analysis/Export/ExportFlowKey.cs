using System.Runtime.CompilerServices;

namespace SockScope.Analysis.Export;

/// <summary>
/// A flow's identity in softflowd's canonical form: the two addresses in byte order (A the lower),
/// each side's port, the protocol and the address family. Both directions of a conversation map to
/// the same key; <see cref="From"/> says which side sent the packet.
/// </summary>
public readonly struct ExportFlowKey : IEquatable<ExportFlowKey>
{
    /// <summary>First half of address A.</summary>
    public readonly ulong AHigh;
    /// <summary>Second half of address A (the IPv4 address).</summary>
    public readonly ulong ALow;
    /// <summary>First half of address B.</summary>
    public readonly ulong BHigh;
    /// <summary>Second half of address B.</summary>
    public readonly ulong BLow;
    /// <summary>Port on side A.</summary>
    public readonly ushort APort;
    /// <summary>Port on side B.</summary>
    public readonly ushort BPort;
    /// <summary>IP protocol.</summary>
    public readonly byte Protocol;
    /// <summary>True for IPv6.</summary>
    public readonly bool IsIpv6;

    private ExportFlowKey(bool ipv6, byte protocol, ulong aHigh, ulong aLow, ushort aPort, ulong bHigh, ulong bLow, ushort bPort)
    {
        IsIpv6 = ipv6;
        Protocol = protocol;
        AHigh = aHigh;
        ALow = aLow;
        APort = aPort;
        BHigh = bHigh;
        BLow = bLow;
        BPort = bPort;
    }

    /// <summary>
    /// The key of <paramref name="packet"/>, and its direction: 0 when the source is side A (the
    /// source address is not above the destination in byte order, as softflowd's memcmp decides), 1 otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ExportFlowKey From(in ExportPacket packet, out int direction)
    {
        bool sourceAbove = packet.SourceHigh != packet.DestinationHigh
            ? packet.SourceHigh > packet.DestinationHigh
            : packet.SourceLow > packet.DestinationLow;
        direction = sourceAbove ? 1 : 0;
        return sourceAbove
            ? new(packet.IsIpv6, packet.Protocol, packet.DestinationHigh, packet.DestinationLow, packet.DestinationPort, packet.SourceHigh, packet.SourceLow, packet.SourcePort)
            : new(packet.IsIpv6, packet.Protocol, packet.SourceHigh, packet.SourceLow, packet.SourcePort, packet.DestinationHigh, packet.DestinationLow, packet.DestinationPort);
    }

    /// <summary>
    /// Whether <paramref name="packet"/> has this key, and from which side it came: what
    /// <c>From(packet, out direction).Equals(this)</c> says, without building a key. Packets come in
    /// runs of one flow, so the last flow is checked this way before a key is built and hashed (a
    /// built key, copied by value into the comparison, stalled on store forwarding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per packet; the AOT compiler left it a call
    public bool Matches(in ExportPacket packet, out int direction)
    {
        bool sourceAbove = packet.SourceHigh != packet.DestinationHigh
            ? packet.SourceHigh > packet.DestinationHigh
            : packet.SourceLow > packet.DestinationLow;
        direction = sourceAbove ? 1 : 0;
        if (Protocol != packet.Protocol || IsIpv6 != packet.IsIpv6) return false;
        return sourceAbove
            ? ALow == packet.DestinationLow && BLow == packet.SourceLow && APort == packet.DestinationPort && BPort == packet.SourcePort
              && AHigh == packet.DestinationHigh && BHigh == packet.SourceHigh
            : ALow == packet.SourceLow && BLow == packet.DestinationLow && APort == packet.SourcePort && BPort == packet.DestinationPort
              && AHigh == packet.SourceHigh && BHigh == packet.DestinationHigh;
    }

    /// <inheritdoc/>
    public bool Equals(ExportFlowKey other) =>
        ALow == other.ALow && BLow == other.BLow && AHigh == other.AHigh && BHigh == other.BHigh
        && APort == other.APort && BPort == other.BPort && Protocol == other.Protocol && IsIpv6 == other.IsIpv6;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExportFlowKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // A cheap multiplicative mix: the key is hashed once per packet.
        ulong h = ALow * 0x9E3779B97F4A7C15UL;
        h ^= BLow + 0x632BE59BD9B4E019UL + (h << 6) + (h >> 2);
        h ^= (AHigh ^ (BHigh * 31)) + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
        h ^= ((ulong)APort << 24 | (ulong)BPort << 8 | Protocol | (IsIpv6 ? 1UL << 40 : 0)) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(h ^ (h >> 32));
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(ExportFlowKey left, ExportFlowKey right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=(ExportFlowKey left, ExportFlowKey right) => !left.Equals(right);
}
