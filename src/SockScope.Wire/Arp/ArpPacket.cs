using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Arp;

/// <summary>An ARP or RARP packet with any hardware and protocol address sizes.</summary>
public readonly ref struct ArpPacket
{
    private readonly ReadOnlySpan<byte> _b;

    private ArpPacket(ReadOnlySpan<byte> b) => _b = b;

    /// <summary>Fails with Truncated when the fixed part or any of the four addresses is cut off.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out ArpPacket packet, out WireError error)
    {
        packet = default;
        if (bytes.Length < ArpOffsets.FixedLength)
        {
            error = WireError.Truncated;
            return false;
        }
        int length = ArpOffsets.FixedLength + 2 * (bytes[ArpOffsets.HardwareAddressLength] + bytes[ArpOffsets.ProtocolAddressLength]);
        if (bytes.Length < length)
        {
            error = WireError.Truncated;
            return false;
        }
        packet = new ArpPacket(bytes[..length]);
        error = WireError.None;
        return true;
    }

    /// <summary>The ARP hardware type (1 Ethernet, 6 IEEE 802, ...).</summary>
    public ushort HardwareType => BinaryPrimitives.ReadUInt16BigEndian(_b[ArpOffsets.HardwareType..]);
    /// <summary>The protocol whose addresses are resolved, as an EtherType (0x0800 for IPv4).</summary>
    public EtherType ProtocolType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(_b[ArpOffsets.ProtocolType..]);
    /// <summary>The hardware address length in bytes (6 for Ethernet).</summary>
    public int HardwareAddressLength => _b[ArpOffsets.HardwareAddressLength];
    /// <summary>The protocol address length in bytes (4 for IPv4).</summary>
    public int ProtocolAddressLength => _b[ArpOffsets.ProtocolAddressLength];
    /// <summary>The opcode: request, reply, or a RARP / InARP operation.</summary>
    public ArpOperation Operation => (ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(_b[ArpOffsets.Operation..]);
    /// <summary>The message's length in bytes: the 8-byte fixed part and the four addresses (a link-layer pad after it is excluded).</summary>
    public int Length => _b.Length;

    /// <summary>The sender's hardware address, <see cref="HardwareAddressLength"/> bytes.</summary>
    public ReadOnlySpan<byte> SenderHardwareAddress => _b.Slice(ArpOffsets.SenderHardwareAddress, HardwareAddressLength);
    /// <summary>The sender's protocol address, <see cref="ProtocolAddressLength"/> bytes.</summary>
    public ReadOnlySpan<byte> SenderProtocolAddress => _b.Slice(ArpOffsets.SenderHardwareAddress + HardwareAddressLength, ProtocolAddressLength);
    /// <summary>The target's hardware address (zero or ignored in a request).</summary>
    public ReadOnlySpan<byte> TargetHardwareAddress => _b.Slice(ArpOffsets.SenderHardwareAddress + HardwareAddressLength + ProtocolAddressLength, HardwareAddressLength);
    /// <summary>The target's protocol address: the address being resolved in a request.</summary>
    public ReadOnlySpan<byte> TargetProtocolAddress => _b.Slice(ArpOffsets.SenderHardwareAddress + 2 * HardwareAddressLength + ProtocolAddressLength, ProtocolAddressLength);

    /// <summary>True for the common case of 6-byte MAC and 4-byte IPv4 addresses.</summary>
    public bool IsEthernetIpv4 => HardwareAddressLength == MacAddress.Size && ProtocolAddressLength == Ipv4Address.Size
        && ProtocolType == EtherType.Ipv4;

    /// <summary>The sender MAC; meaningful only when <see cref="HardwareAddressLength"/> is 6.</summary>
    public MacAddress SenderMac => HardwareAddressLength == MacAddress.Size ? MacAddress.Read(SenderHardwareAddress) : default;
    /// <summary>The target MAC; default (00:00:00:00:00:00) when <see cref="HardwareAddressLength"/> is not 6.</summary>
    public MacAddress TargetMac => HardwareAddressLength == MacAddress.Size ? MacAddress.Read(TargetHardwareAddress) : default;
    /// <summary>The sender IPv4 address; meaningful only when <see cref="ProtocolAddressLength"/> is 4.</summary>
    public Ipv4Address SenderIpv4 => ProtocolAddressLength == Ipv4Address.Size ? Ipv4Address.Read(SenderProtocolAddress) : default;
    /// <summary>The target IPv4 address; default (0.0.0.0) when <see cref="ProtocolAddressLength"/> is not 4.</summary>
    public Ipv4Address TargetIpv4 => ProtocolAddressLength == Ipv4Address.Size ? Ipv4Address.Read(TargetProtocolAddress) : default;
}
