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

    /// <summary>The remote endpoint alone (address and port).</summary>
    public Endpoint Remote => new(RemoteHigh, RemoteLow, RemotePort);

    /// <summary>The local endpoint alone.</summary>
    public Endpoint Local => new(LocalHigh, LocalLow, LocalPort);
}

/// <summary>An address (128-bit, IPv4-mapped for IPv4) and a port.</summary>
public readonly record struct Endpoint(ulong High, ulong Low, ushort Port)
{
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
