using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ethernet;

namespace SockScope.Wire.Arp;

/// <summary>
/// An ARP packet for Ethernet and IPv4 (hardware type 1, protocol 0x0800, sizes 6 and 4): the
/// only combination met on today's networks. The whole ARP message is this header.
/// </summary>
public readonly record struct ArpHeader(
    ArpOperation Operation,
    MacAddress SenderHardwareAddress,
    Ipv4Address SenderProtocolAddress,
    MacAddress TargetHardwareAddress,
    Ipv4Address TargetProtocolAddress)
{
    /// <summary>The message's size for Ethernet and IPv4: 28 bytes.</summary>
    public const int Size = ArpOffsets.EthernetIpv4Length;
    /// <summary>ARP hardware type 1: Ethernet (10 Mb and up).</summary>
    public const ushort HardwareTypeEthernet = 1;

    /// <summary>The bytes this header takes: always 28.</summary>
    public int Length => Size;

    /// <summary>Writes the 28-byte message in network byte order (hardware type 1, protocol 0x0800, sizes 6 and 4); false, with nothing written, when <paramref name="destination"/> is shorter than 28 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Size) return false;
        BinaryPrimitives.WriteUInt16BigEndian(destination, HardwareTypeEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(destination[ArpOffsets.ProtocolType..], (ushort)EtherType.Ipv4);
        destination[ArpOffsets.HardwareAddressLength] = MacAddress.Size;
        destination[ArpOffsets.ProtocolAddressLength] = Ipv4Address.Size;
        BinaryPrimitives.WriteUInt16BigEndian(destination[ArpOffsets.Operation..], (ushort)Operation);
        SenderHardwareAddress.Write(destination[8..]);
        SenderProtocolAddress.Write(destination[14..]);
        TargetHardwareAddress.Write(destination[18..]);
        TargetProtocolAddress.Write(destination[24..]);
        bytesWritten = Size;
        return true;
    }

    /// <summary>Reads an Ethernet/IPv4 ARP message; false for other hardware or protocol types.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ArpHeader header)
    {
        header = default;
        if (packet.Length < Size
            || BinaryPrimitives.ReadUInt16BigEndian(packet) != HardwareTypeEthernet
            || BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != (ushort)EtherType.Ipv4
            || packet[4] != MacAddress.Size || packet[5] != Ipv4Address.Size)
            return false;
        header = new ArpHeader((ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            MacAddress.Read(packet[8..]), Ipv4Address.Read(packet[14..]),
            MacAddress.Read(packet[18..]), Ipv4Address.Read(packet[24..]));
        return true;
    }
}
