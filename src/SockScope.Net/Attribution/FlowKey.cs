namespace SockScope.Net.Attribution;

/// <summary>
/// One side's view of a flow: protocol, local address and port, remote address and port.
/// Addresses are 128-bit; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d), as dual-stack sockets
/// report it, so one key serves both. For ICMP echo both ports hold the echo identifier.
/// </summary>
public readonly record struct FlowKey(byte Protocol, ulong LocalHigh, ulong LocalLow, ushort LocalPort, ulong RemoteHigh, ulong RemoteLow, ushort RemotePort)
{
    /// <summary>The high half of an IPv4-mapped address is zero; the low half is 0000:ffff:a.b.c.d.</summary>
    public static ulong MappedLow(uint ipv4) => 0x0000_FFFF_0000_0000UL | ipv4;

    /// <summary>Field by field, without the generic comparers a record would use (this runs per packet).</summary>
    public bool Equals(FlowKey other) =>
        LocalLow == other.LocalLow && RemoteLow == other.RemoteLow && LocalPort == other.LocalPort && RemotePort == other.RemotePort
        && Protocol == other.Protocol && LocalHigh == other.LocalHigh && RemoteHigh == other.RemoteHigh;

    /// <inheritdoc/>
    public override int GetHashCode() =>
        FlowHash.Mix(LocalHigh ^ RemoteHigh * FlowHash.Odd, LocalLow, RemoteLow, ((ulong)Protocol << 32) | ((ulong)LocalPort << 16) | RemotePort);

    /// <summary>The remote endpoint alone (address and port).</summary>
    public Endpoint Remote => new(RemoteHigh, RemoteLow, RemotePort);

    /// <summary>The local endpoint alone.</summary>
    public Endpoint Local => new(LocalHigh, LocalLow, LocalPort);
}

/// <summary>An address (128-bit, IPv4-mapped for IPv4) and a port.</summary>
public readonly record struct Endpoint(ulong High, ulong Low, ushort Port)
{
    /// <summary>Field by field, without generic comparers.</summary>
    public bool Equals(Endpoint other) => Low == other.Low && Port == other.Port && High == other.High;

    /// <inheritdoc/>
    public override int GetHashCode() => FlowHash.Mix(High, Low, Port, 0);

    /// <summary>True for the unspecified address (0.0.0.0 mapped, or ::).</summary>
    public bool IsAnyAddress => High == 0 && (Low == 0 || Low == FlowKey.MappedLow(0));

    /// <inheritdoc/>
    public override string ToString()
    {
        if (High == 0 && (Low >> 32) == 0xFFFF)
            return $"{(Low >> 24) & 0xFF}.{(Low >> 16) & 0xFF}.{(Low >> 8) & 0xFF}.{Low & 0xFF}:{Port}";
        return $"[{new SockScope.Wire.Addresses.Ipv6Address(High, Low)}]:{Port}";
    }
}

/// <summary>A cheap, well-spread hash of four 64-bit words (multiply-xorshift), for the per-packet lookups.</summary>
internal static class FlowHash
{
    public const ulong Odd = 0x9E37_79B9_7F4A_7C15UL;

    public static int Mix(ulong a, ulong b, ulong c, ulong d)
    {
        ulong h = (a * Odd) ^ (b + 0x632B_E59B_D9B4_E019UL);
        h = (h ^ (h >> 29)) * Odd ^ c;
        h = (h ^ (h >> 32)) * Odd ^ d;
        h ^= h >> 31;
        return (int)h ^ (int)(h >> 32);
    }
}
