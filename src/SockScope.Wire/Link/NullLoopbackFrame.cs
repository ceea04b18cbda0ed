using System.Buffers.Binary;

namespace SockScope.Wire.Link;

/// <summary>
/// A BSD loopback frame: a 4-byte address family, then the IP packet. LINKTYPE_NULL stores the
/// family in the byte order of the machine that wrote the file, so both orders are tried;
/// LINKTYPE_LOOP stores it in network order.
/// </summary>
public readonly ref struct NullLoopbackFrame
{
    private readonly ReadOnlySpan<byte> _b;
    private readonly bool _networkOrder;

    private NullLoopbackFrame(ReadOnlySpan<byte> b, bool networkOrder)
    {
        _b = b;
        _networkOrder = networkOrder;
    }

    /// <summary>Checks that <paramref name="bytes"/> holds the 4-byte address family header and wraps it.</summary>
    /// <param name="bytes">The frame, from its first byte.</param>
    /// <param name="networkOrder">True for LINKTYPE_LOOP, false for LINKTYPE_NULL.</param>
    /// <param name="frame">The view, valid when the method returns true.</param>
    /// <param name="error">Why the frame was refused, or <see cref="WireError.None"/>.</param>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, bool networkOrder, out NullLoopbackFrame frame, out WireError error)
    {
        frame = new NullLoopbackFrame(bytes, networkOrder);
        error = bytes.Length < NullLoopbackOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) frame = default;
        return error == WireError.None;
    }

    /// <summary>The header's length: the 4-byte address family.</summary>
    public int HeaderLength => NullLoopbackOffsets.HeaderLength;

    /// <summary>
    /// The address family. For NULL, a value whose low 16 bits are zero was written by a machine
    /// of the other byte order, so it is swapped (as every reader of these files does).
    /// </summary>
    public uint Family
    {
        get
        {
            if (_networkOrder) return BinaryPrimitives.ReadUInt32BigEndian(_b);
            uint little = BinaryPrimitives.ReadUInt32LittleEndian(_b);
            return (little & 0xFFFF) == 0 ? BinaryPrimitives.ReverseEndianness(little) : little;
        }
    }

    /// <summary>True when the family is AF_INET (2 on every BSD).</summary>
    public bool IsIpv4 => Family == BsdAddressFamily.Inet;
    /// <summary>BSDs disagree on AF_INET6 (24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin): all three mean IPv6.</summary>
    public bool IsIpv6 => Family is BsdAddressFamily.Inet6Bsd or BsdAddressFamily.Inet6FreeBsd or BsdAddressFamily.Inet6Darwin;
    /// <summary>The packet after the 4-byte family.</summary>
    public ReadOnlySpan<byte> Payload => _b[NullLoopbackOffsets.HeaderLength..];
}

/// <summary>Address-family numbers found in BSD loopback headers.</summary>
public static class BsdAddressFamily
{
    /// <summary>AF_INET on every BSD: 2.</summary>
    public const uint Inet = 2;
    /// <summary>AF_INET6 on NetBSD and OpenBSD (and the original BSD): 24.</summary>
    public const uint Inet6Bsd = 24;
    /// <summary>AF_INET6 on FreeBSD and DragonFly: 28.</summary>
    public const uint Inet6FreeBsd = 28;
    /// <summary>AF_INET6 on Darwin (macOS, iOS): 30.</summary>
    public const uint Inet6Darwin = 30;
    /// <summary>AF_ISO (OSI): 7.</summary>
    public const uint Iso = 7;
    /// <summary>AF_APPLETALK: 16.</summary>
    public const uint Appletalk = 16;
    /// <summary>AF_IPX: 23.</summary>
    public const uint Ipx = 23;
}
