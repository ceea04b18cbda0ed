namespace SockScope.Analysis.Flows;

/// <summary>
/// The direction-free identity of a flow: the two endpoints in a fixed order (smaller address:port
/// first), protocol and VLAN ids. Both directions of a conversation produce the same key.
/// </summary>
internal readonly struct FlowKey : IEquatable<FlowKey>
{
    private readonly ulong _aHigh, _aLow, _bHigh, _bLow;
    private readonly ushort _aPort, _bPort;
    private readonly byte _protocol;
    private readonly bool _ipv6;
    private readonly short _vlan, _innerVlan;

    /// <summary>Builds the key; <paramref name="sourceIsA"/> tells whether the packet's source is the first endpoint.</summary>
    public FlowKey(in FlowPacket packet, out bool sourceIsA)
    {
        FlowAddress s = packet.Source, d = packet.Destination;
        int c = s.CompareTo(d);
        sourceIsA = c < 0 || (c == 0 && packet.SourcePort <= packet.DestinationPort);
        if (sourceIsA)
        {
            (_aHigh, _aLow, _aPort, _bHigh, _bLow, _bPort) = (s.High, s.Low, packet.SourcePort, d.High, d.Low, packet.DestinationPort);
        }
        else
        {
            (_aHigh, _aLow, _aPort, _bHigh, _bLow, _bPort) = (d.High, d.Low, packet.DestinationPort, s.High, s.Low, packet.SourcePort);
        }
        _protocol = (byte)packet.Protocol;
        _ipv6 = s.IsIpv6;
        _vlan = (short)packet.Vlan;
        _innerVlan = (short)packet.InnerVlan;
    }

    public bool Equals(FlowKey other) =>
        _aLow == other._aLow && _bLow == other._bLow && _aPort == other._aPort && _bPort == other._bPort
        && _aHigh == other._aHigh && _bHigh == other._bHigh && _protocol == other._protocol && _ipv6 == other._ipv6
        && _vlan == other._vlan && _innerVlan == other._innerVlan;

    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    public override int GetHashCode()
    {
        ulong h = _aLow * 0x9E3779B97F4A7C15UL;
        h = (h ^ _bLow) * 0xC2B2AE3D27D4EB4FUL;
        h = (h ^ _aHigh ^ (_bHigh << 1)) * 0x165667B19E3779F9UL;
        h ^= ((ulong)_aPort << 48) | ((ulong)_bPort << 32) | ((ulong)_protocol << 24) | ((ulong)(ushort)_vlan << 8) ^ (ushort)_innerVlan;
        h *= 0x9E3779B97F4A7C15UL;
        return (int)(h ^ (h >> 32));
    }
}
