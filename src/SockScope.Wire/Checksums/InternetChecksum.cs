using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SockScope.Wire.Addresses;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Checksums;

/// <summary>
/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
/// words. Sums are accumulated in 64 bits and folded once at the end, so long buffers cost one
/// pass. Pseudo-headers for TCP, UDP and ICMPv6 follow RFC 793/768 and RFC 8200 section 8.1.
/// </summary>
public static class InternetChecksum
{
    /// <summary>Adds the bytes to a running sum (an odd trailing byte is padded with zero).</summary>
    public static ulong Accumulate(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (BitConverter.IsLittleEndian && data.Length >= VectorThreshold)
        {
            i = data.Length & ~(Vector128<byte>.Count - 1);
            sum += SwapBytes(Fold(SumNativeWords(data[..i])));
        }
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(data[i..]);
            sum += (word >> 32) + (word & 0xFFFF_FFFF);
        }
        for (; i + 2 <= data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length)
            sum += (ulong)data[i] << 8;
        return sum;
    }

    // Checksumming dominates `read -v` (every TCP/UDP/ICMP checksum is verified), so long buffers
    // are summed with vectors. Ones' complement addition does not care about byte order (RFC 1071
    // 2(B)): whole 16-byte blocks are summed as the host's little-endian 32-bit words in 64-bit
    // lanes, folded to 16 bits and byte-swapped once into the big-endian sum.
    private const int VectorThreshold = 64;

    /// <summary>The sum of <paramref name="blocks"/> (a multiple of 16 bytes) as little-endian 32-bit words, unfolded.</summary>
    private static ulong SumNativeWords(ReadOnlySpan<byte> blocks)
    {
        ref byte start = ref MemoryMarshal.GetReference(blocks);
        int i = 0;
        ulong total = 0;
        // Each 64-bit lane gains at most 2 * (2^32 - 1) per block: no overflow below 2^31 bytes.
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<ulong> wide = Vector256<ulong>.Zero;
            for (; i + Vector256<byte>.Count <= blocks.Length; i += Vector256<byte>.Count)
            {
                (Vector256<ulong> lower, Vector256<ulong> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i).AsUInt32());
                wide += lower + upper;
            }
            total = Vector256.Sum(wide);
        }
        Vector128<ulong> narrow = Vector128<ulong>.Zero;
        for (; i < blocks.Length; i += Vector128<byte>.Count)
        {
            (Vector128<ulong> lower, Vector128<ulong> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref start, (nuint)i).AsUInt32());
            narrow += lower + upper;
        }
        return total + Vector128.Sum(narrow);
    }

    /// <summary>Folds a sum to 16 bits with end-around carries (a non-zero sum stays non-zero).</summary>
    private static ulong Fold(ulong sum)
    {
        while ((sum >> 16) != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return sum;
    }

    private static ulong SwapBytes(ulong folded) => ((folded & 0xFF) << 8) | (folded >> 8);

    /// <summary>Folds a running sum to 16 bits and complements it: the value to put in a header.</summary>
    public static ushort Finish(ulong sum) => (ushort)~Fold(sum);

    /// <summary>The checksum of <paramref name="data"/>, words read big-endian: compute it with the checksum field zeroed and store it big-endian. Over data whose checksum field is filled, a correct checksum gives 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Accumulate(0, data));

    /// <summary>The unfolded sum of the IPv4 pseudo-header (RFC 793 §3.1, RFC 768): source, destination, zero byte and protocol, and the segment length in bytes.</summary>
    public static ulong PseudoHeaderSum(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int length) =>
        (ulong)(source.Value >> 16) + (source.Value & 0xFFFF) + (destination.Value >> 16) + (destination.Value & 0xFFFF)
        + (ulong)protocol + (ulong)(uint)length;

    /// <summary>The unfolded sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination, upper-layer length in bytes and next header.</summary>
    public static ulong PseudoHeaderSum(Ipv6Address source, Ipv6Address destination, IpProtocol protocol, int length) =>
        Halves(source.High) + Halves(source.Low) + Halves(destination.High) + Halves(destination.Low)
        + (ulong)protocol + (ulong)(uint)length;

    /// <summary>Checksum of a transport segment over IPv4 (the segment's own checksum field included as it is).</summary>
    public static ushort Compute(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, ReadOnlySpan<byte> segment) =>
        Finish(Accumulate(PseudoHeaderSum(source, destination, protocol, segment.Length), segment));

    /// <summary>Checksum of a transport segment or ICMPv6 message over IPv6 (its own checksum field included as it is).</summary>
    public static ushort Compute(Ipv6Address source, Ipv6Address destination, IpProtocol protocol, ReadOnlySpan<byte> segment) =>
        Finish(Accumulate(PseudoHeaderSum(source, destination, protocol, segment.Length), segment));

    /// <summary>A segment whose checksum field is filled verifies to zero.</summary>
    public static bool Verify(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, ReadOnlySpan<byte> segment) =>
        Compute(source, destination, protocol, segment) == 0;

    /// <summary>True when the segment's checksum verifies over the IPv6 pseudo-header (the sum comes to zero).</summary>
    public static bool Verify(Ipv6Address source, Ipv6Address destination, IpProtocol protocol, ReadOnlySpan<byte> segment) =>
        Compute(source, destination, protocol, segment) == 0;

    private static ulong Halves(ulong value) =>
        (value >> 48) + ((value >> 32) & 0xFFFF) + ((value >> 16) & 0xFFFF) + (value & 0xFFFF);
}
