using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ethernet;

/// <summary>An Ethernet II frame: destination, source, EtherType, then the payload.</summary>
public readonly ref struct EthernetFrame
{
    private readonly ReadOnlySpan<byte> _b;

    private EthernetFrame(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Wraps <paramref name="bytes"/> as an Ethernet frame, without copying.</summary>
    /// <param name="bytes">The frame from the destination address on, without preamble or FCS (as captured).</param>
    /// <param name="frame">The view; default when this returns false.</param>
    /// <param name="error"><see cref="WireError.Truncated"/> when fewer than the 14 header bytes are present.</param>
    /// <returns>True when the 14-byte header is complete.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out EthernetFrame frame, out WireError error)
    {
        frame = new EthernetFrame(bytes);
        error = bytes.Length < EthernetOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) frame = default;
        return error == WireError.None;
    }

    /// <summary>The header's length: 14 bytes (a VLAN tag, when present, is part of the payload).</summary>
    public int HeaderLength => EthernetOffsets.HeaderLength;
    /// <summary>The destination MAC address (bytes 0-5).</summary>
    public MacAddress Destination => MacAddress.Read(_b[EthernetOffsets.Destination..]);
    /// <summary>The source MAC address (bytes 6-11).</summary>
    public MacAddress Source => MacAddress.Read(_b[EthernetOffsets.Source..]);
    /// <summary>The EtherType, or an 802.3 length when <see cref="IsLengthField"/>.</summary>
    public EtherType EtherType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[EthernetOffsets.EtherType..]);
    /// <summary>True for IEEE 802.3 frames, whose type field is a length (LLC follows).</summary>
    public bool IsLengthField => (ushort)EtherType <= EthernetOffsets.MaxLengthField;
    /// <summary>Everything after the 14-byte header: a VLAN tag, the network-layer packet, or LLC; link-layer padding included.</summary>
    public ReadOnlySpan<byte> Payload => _b[EthernetOffsets.HeaderLength..];
    /// <summary>The whole frame as captured.</summary>
    public ReadOnlySpan<byte> Bytes => _b;
}
