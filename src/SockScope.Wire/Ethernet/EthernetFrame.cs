using System.Buffers.Binary;
using SockScope.Wire.Addresses;

namespace SockScope.Wire.Ethernet;

/// <summary>An Ethernet II frame: destination, source, EtherType, then the payload.</summary>
public readonly ref struct EthernetFrame
{
    private readonly ReadOnlySpan<byte> _b;

    private EthernetFrame(ReadOnlySpan<byte> b) => _b = b;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out EthernetFrame frame, out WireError error)
    {
        frame = new EthernetFrame(bytes);
        error = bytes.Length < EthernetOffsets.HeaderLength ? WireError.Truncated : WireError.None;
        if (error != WireError.None) frame = default;
        return error == WireError.None;
    }

    public int HeaderLength => EthernetOffsets.HeaderLength;
    public MacAddress Destination => MacAddress.Read(_b[EthernetOffsets.Destination..]);
    public MacAddress Source => MacAddress.Read(_b[EthernetOffsets.Source..]);
    /// <summary>The EtherType, or an 802.3 length when <see cref="IsLengthField"/>.</summary>
    public EtherType EtherType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[EthernetOffsets.EtherType..]);
    /// <summary>True for IEEE 802.3 frames, whose type field is a length (LLC follows).</summary>
    public bool IsLengthField => (ushort)EtherType <= EthernetOffsets.MaxLengthField;
    public ReadOnlySpan<byte> Payload => _b[EthernetOffsets.HeaderLength..];
    public ReadOnlySpan<byte> Bytes => _b;
}
