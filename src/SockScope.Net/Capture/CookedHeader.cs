using System.Buffers.Binary;

namespace SockScope.Net.Capture;

/// <summary>
/// The LINUX_SLL2 header that precedes each frame captured on the <c>any</c> device (20 bytes,
/// big-endian): protocol, reserved, interface index, ARPHRD type, packet type, address length,
/// 8 address bytes. Built from the kernel's sockaddr_ll for the frame, as tcpdump records it.
/// </summary>
public static class CookedHeader
{
    /// <summary>The header's size in bytes.</summary>
    public const int Length = 20;

    /// <summary>ARPHRD_LOOPBACK.</summary>
    internal const ushort LoopbackHardwareType = 772;

    /// <summary>Writes a LINUX_SLL2 header (at least <see cref="Length"/> bytes) from the kernel's sockaddr_ll fields.</summary>
    public static void Write(Span<byte> destination, ushort protocol, int interfaceIndex, ushort hardwareType,
        PacketDirection packetType, ReadOnlySpan<byte> address)
    {
        Span<byte> h = destination[..Length];
        BinaryPrimitives.WriteUInt16BigEndian(h, protocol);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], 0);
        BinaryPrimitives.WriteInt32BigEndian(h[4..], interfaceIndex);
        BinaryPrimitives.WriteUInt16BigEndian(h[8..], hardwareType);
        h[10] = (byte)packetType;
        int addressLength = Math.Min(address.Length, 8);
        h[11] = (byte)address.Length;
        Span<byte> addr = h[12..20];
        address[..addressLength].CopyTo(addr);
        addr[addressLength..].Clear();
    }
}
