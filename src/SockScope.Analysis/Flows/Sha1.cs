using System.Buffers.Binary;
using System.Numerics;

namespace SockScope.Analysis.Flows;

/// <summary>
/// SHA-1 (RFC 3174, FIPS 180-4) for Community ID. Written here rather than taken from
/// System.Security.Cryptography, which on Linux loads OpenSSL at run time: the native binary would
/// otherwise abort ("No usable version of libssl was found") on a machine without it, and SockScope
/// needs nothing but the C library. Community ID hashes at most 40 bytes once per flow, so this is
/// written for clarity, not speed. Not for security purposes.
/// </summary>
internal static class Sha1
{
    public const int HashSizeInBytes = 20;
    private const int BlockSize = 64;

    /// <summary>Writes the 20-byte digest of <paramref name="data"/> into <paramref name="digest"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < HashSizeInBytes) throw new ArgumentException("the digest needs 20 bytes", nameof(digest));
        Span<uint> state = [0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u];
        int whole = data.Length / BlockSize * BlockSize;
        for (int offset = 0; offset < whole; offset += BlockSize) Compress(state, data.Slice(offset, BlockSize));

        // The rest, a 1 bit, zeros, and the message length in bits (big-endian) fill one or two blocks.
        Span<byte> tail = stackalloc byte[2 * BlockSize];
        tail.Clear();
        ReadOnlySpan<byte> rest = data[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        int tailLength = rest.Length + 1 + 8 <= BlockSize ? BlockSize : 2 * BlockSize;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (int offset = 0; offset < tailLength; offset += BlockSize) Compress(state, tail.Slice(offset, BlockSize));

        for (int i = 0; i < 5; i++) BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i]);
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[80];
        for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        for (int t = 16; t < 80; t++) w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (int t = 0; t < 80; t++)
        {
            (uint f, uint k) = t switch
            {
                < 20 => ((b & c) | (~b & d), 0x5A827999u),
                < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            uint next = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = next;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
