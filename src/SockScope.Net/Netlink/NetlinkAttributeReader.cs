using System.Buffers.Binary;

namespace SockScope.Net.Netlink;

/// <summary>
/// Walks the attributes (struct nlattr / rtattr: u16 length, u16 type, payload, padding to four
/// bytes) that follow a netlink message's fixed header. Stops quietly at a malformed attribute:
/// a kernel message is trusted for layout, but never read out of bounds.
/// </summary>
public ref struct NetlinkAttributeReader
{
    private const ushort TypeMask = 0x3FFF;   // strips NLA_F_NESTED and NLA_F_NET_BYTEORDER
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts a walk over <paramref name="attributes"/>: the bytes after a message's fixed header (ifinfomsg, rtmsg, inet_diag_msg ...).</summary>
    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes) => _rest = attributes;

    /// <summary>Reads the next attribute.</summary>
    /// <param name="type">The attribute type with the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits stripped.</param>
    /// <param name="payload">The attribute's payload, its 4-byte header and padding excluded.</param>
    /// <returns>False at the end, or at an attribute whose length is under 4 or runs past the buffer (the walk then ends).</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool TryNext(out ushort type, out ReadOnlySpan<byte> payload)
    {
        type = 0;
        payload = default;
        if (_rest.Length < 4) return false;
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (length < 4 || length > _rest.Length)
        {
            _rest = default;
            return false;
        }
        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & TypeMask);
        payload = _rest[4..length];
        _rest = _rest[Math.Min(NetlinkConstants.Align(length), _rest.Length)..];
        return true;
    }

    /// <summary>A u32 attribute in host byte order (little-endian on the platforms SockScope runs on); 0 when the payload is shorter than 4 bytes.</summary>
    public static uint ReadUInt32(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(payload) : 0;

    /// <summary>A u8 attribute; 0 when the payload is empty.</summary>
    public static byte ReadByte(ReadOnlySpan<byte> payload) => payload.Length >= 1 ? payload[0] : (byte)0;

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME, UNIX_DIAG_NAME path).</summary>
    public static string ReadString(ReadOnlySpan<byte> payload)
    {
        int end = payload.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? payload : payload[..end]);
    }
}
