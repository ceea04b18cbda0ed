using System.Buffers.Binary;

namespace SockScope.Wire.Decoding;

/// <summary>
/// One MPLS label stack entry (RFC 3032 section 2.1): a 20-bit label, the 3-bit traffic class
/// (RFC 5462, formerly EXP), the bottom-of-stack bit and the 8-bit TTL, in one big-endian 32-bit word.
/// </summary>
public readonly record struct MplsLabelEntry(uint Label, byte TrafficClass, bool BottomOfStack, byte Ttl)
{
    /// <summary>Bytes per label stack entry.</summary>
    public const int Length = 4;

    /// <summary>Reserved label: IPv4 explicit null (the packet below is IPv4).</summary>
    public const uint Ipv4ExplicitNull = 0;
    /// <summary>Reserved label: router alert.</summary>
    public const uint RouterAlert = 1;
    /// <summary>Reserved label: IPv6 explicit null (the packet below is IPv6).</summary>
    public const uint Ipv6ExplicitNull = 2;
    /// <summary>Reserved label: implicit null (signalled, never sent).</summary>
    public const uint ImplicitNull = 3;
    /// <summary>Labels below this value are reserved (RFC 3032 section 2.1).</summary>
    public const uint FirstUnreserved = 16;

    /// <summary>Reads the entry at the start of <paramref name="b"/>; false when fewer than 4 bytes are there.</summary>
    public static bool TryRead(ReadOnlySpan<byte> b, out MplsLabelEntry entry)
    {
        if (b.Length < Length)
        {
            entry = default;
            return false;
        }
        uint word = BinaryPrimitives.ReadUInt32BigEndian(b);
        entry = new MplsLabelEntry(word >> 12, (byte)((word >> 9) & 0x7), (word & 0x100) != 0, (byte)word);
        return true;
    }

    /// <summary>
    /// What this bottom-of-stack entry carries, as an IP version: MPLS does not name it, so the
    /// explicit-null labels say IPv4 (4) or IPv6 (6), otherwise the first nibble of
    /// <paramref name="below"/> is read as one (tcpdump's guess). -1 when nothing was captured below
    /// (and the label does not say), 0 for anything that is not IP. The decoder and the printer both ask this.
    /// </summary>
    public int IpVersionBelow(ReadOnlySpan<byte> below) => Label switch
    {
        Ipv4ExplicitNull => 4,
        Ipv6ExplicitNull => 6,
        _ when below.IsEmpty => -1,
        _ => (below[0] >> 4) is 4 or 6 ? below[0] >> 4 : 0,
    };
}
