using System.Buffers.Binary;

namespace SockScope.Wire.Ip;

/// <summary>
/// An IPv6 extension header as a value (RFC 8200 section 4): hop-by-hop options, destination
/// options, routing, or fragment. <see cref="Body"/> is what follows the next-header and length
/// bytes; options headers are padded with PadN to a multiple of eight, the others must already be
/// (a routing body is type, segments left and the type data; build a fragment with
/// <see cref="Fragment"/>). <see cref="NextHeader"/> null is filled from the layer inside.
/// </summary>
public readonly record struct Ipv6ExtensionHeader(IpProtocol Type, ReadOnlyMemory<byte> Body, IpProtocol? NextHeader = null)
{
    /// <summary>A fragment header's size in bytes: 8.</summary>
    public const int FragmentSize = Ipv6FragmentOffsets.Length;

    /// <summary>True for hop-by-hop and destination-options headers, whose body is a list of TLV options padded with Pad1/PadN.</summary>
    public bool IsOptionsHeader => Type is IpProtocol.HopByHop or IpProtocol.DestinationOptions;

    /// <summary>Bytes on the wire: 2 plus the body, padded to eight (a fragment header is always 8).</summary>
    public int Length => Type == IpProtocol.Fragment ? FragmentSize : (2 + Body.Length + 7) & ~7;

    /// <summary>A fragment header: offset in 8-byte units, more-fragments flag, identification.</summary>
    public static Ipv6ExtensionHeader Fragment(ushort offset, bool moreFragments, uint identification)
    {
        var body = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)(offset << 3 | (moreFragments ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(2), identification);
        return new Ipv6ExtensionHeader(IpProtocol.Fragment, body);
    }

    /// <summary>A hop-by-hop header with a Router Alert option (RFC 2711), as MLD uses.</summary>
    public static Ipv6ExtensionHeader RouterAlert(ushort value = 0) =>
        new(IpProtocol.HopByHop, new byte[] { 5, 2, (byte)(value >> 8), (byte)value });

    /// <summary>Writes the header: next header (59, No Next Header, when null), length in 8-byte units less one, the body and any padding.</summary>
    /// <param name="destination">Where to write; at least <see cref="Length"/> bytes.</param>
    /// <param name="bytesWritten"><see cref="Length"/>, or 0 when this returns false.</param>
    /// <returns>False, with nothing usable written, when the destination is too short, a fragment body is not 6 bytes, or a routing body does not end on an 8-byte boundary.</returns>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int length = Length;
        if (destination.Length < length) return false;
        if (Type == IpProtocol.Fragment)
        {
            if (Body.Length != FragmentSize - 2) return false;
        }
        else if (!IsOptionsHeader && ((2 + Body.Length) & 7) != 0)
        {
            return false;
        }
        destination[Ipv6ExtensionOffsets.NextHeader] = (byte)(NextHeader ?? IpProtocol.NoNextHeader);
        destination[Ipv6ExtensionOffsets.LengthUnits] = Type == IpProtocol.Fragment ? (byte)0 : (byte)(length / 8 - 1);
        Body.Span.CopyTo(destination[Ipv6ExtensionOffsets.Options..]);
        int padding = length - 2 - Body.Length;
        Span<byte> pad = destination.Slice(2 + Body.Length, padding);
        if (padding == 1)
        {
            pad[0] = 0; // Pad1
        }
        else if (padding > 1)
        {
            pad[0] = 1; // PadN
            pad[1] = (byte)(padding - 2);
            pad[2..].Clear();
        }
        bytesWritten = length;
        return true;
    }

    /// <summary>Reads one extension header of type <paramref name="type"/> at the start of <paramref name="data"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, IpProtocol type, out Ipv6ExtensionHeader header)
    {
        header = default;
        if (data.Length < 8) return false;
        int length = type == IpProtocol.Fragment ? FragmentSize : (data[1] + 1) * 8;
        if (length > data.Length) return false;
        header = new Ipv6ExtensionHeader(type, data[2..length].ToArray(), (IpProtocol)data[0]);
        return true;
    }
}
