using System.Buffers.Binary;

namespace SockScope.Files.Tests.Fuzzing;

/// <summary>
/// Byte-level mutations: bit flips, edge values written into 8/16/32-bit fields (length and
/// offset fields are where parsers go wrong: 0, 1, max, the buffer length and its neighbours),
/// truncation, extension, deletion, duplication and splicing from another input.
/// </summary>
internal sealed class Mutator(Random random)
{
    // Multiples of four near the limits too: pcapng block lengths must be, or a reader refuses them before looking further.
    private static readonly uint[] EdgeValues32 =
        [0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x3FFFF, 0x40000, 0xFFFFFC, 0x1000000, 0x1000004, 0x7FFFFFF8, 0x7FFFFFFC, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFC, 0xFFFFFFFE, 0xFFFFFFFF];
    private static readonly ushort[] EdgeValues16 = [0, 1, 2, 4, 5, 8, 0x3F, 0x40, 0x7F, 0x80, 0xFF, 0x100, 0x5DC, 0x5DD, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];

    public Random Random => random;

    /// <summary>A mutated copy of <paramref name="input"/>: 1 to 4 mutations, <paramref name="other"/> feeds splices.</summary>
    public byte[] Mutate(byte[] input, byte[] other, int headerBias = 64)
    {
        var data = new List<byte>(input);
        int rounds = 1 + random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            switch (random.Next(10))
            {
                case 0:
                case 1:
                    if (data.Count == 0) break;
                    for (int i = 1 + random.Next(4); i > 0; i--)
                    {
                        int at = Offset(data.Count, headerBias);
                        data[at] ^= (byte)(1 << random.Next(8));
                    }
                    break;
                case 2:
                    if (data.Count == 0) break;
                    data[Offset(data.Count, headerBias)] = (byte)Pick(EdgeValues32);
                    break;
                case 3:
                    WriteField16(data, headerBias);
                    break;
                case 4:
                    WriteField32(data, headerBias);
                    break;
                case 5:
                    if (data.Count > 0)
                    {
                        int keep = random.Next(data.Count);
                        data.RemoveRange(keep, data.Count - keep);
                    }
                    break;
                case 6:
                {
                    int extra = 1 + random.Next(64);
                    for (int i = 0; i < extra; i++) data.Add(random.Next(3) == 0 ? (byte)0 : (byte)random.Next(256));
                    break;
                }
                case 7:
                    if (data.Count > 1)
                    {
                        int at = random.Next(data.Count);
                        data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    }
                    break;
                case 8:
                    if (data.Count > 1)
                    {
                        int at = random.Next(data.Count);
                        int length = Math.Min(data.Count - at, 1 + random.Next(32));
                        data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    }
                    break;
                default:
                    if (other.Length > 0 && data.Count > 0)
                    {
                        int from = random.Next(other.Length);
                        int length = Math.Min(other.Length - from, 1 + random.Next(64));
                        int to = random.Next(data.Count);
                        for (int i = 0; i < length && to + i < data.Count; i++) data[to + i] = other[from + i];
                    }
                    break;
            }
        }
        return data.ToArray();
    }

    /// <summary>An edge-biased value for a length field of a buffer of <paramref name="length"/> bytes.</summary>
    public int EdgeLength(int length) => random.Next(8) switch
    {
        0 => 0,
        1 => length + 1,
        2 => Math.Max(0, length - 1),
        3 => int.MaxValue,
        4 => length * 2,
        5 => random.Next(65536),
        _ => length,
    };

    private int Offset(int count, int headerBias) =>
        random.Next(2) == 0 ? random.Next(Math.Min(count, headerBias)) : random.Next(count);

    private void WriteField16(List<byte> data, int headerBias)
    {
        if (data.Count < 2) return;
        int at = Offset(data.Count - 1, headerBias);
        ushort value = random.Next(3) switch
        {
            0 => (ushort)Math.Clamp(data.Count - at + random.Next(-2, 3), 0, 0xFFFF),
            1 => (ushort)random.Next(65536),
            _ => Pick(EdgeValues16),
        };
        Span<byte> bytes = stackalloc byte[2];
        if (random.Next(2) == 0) BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        data[at] = bytes[0];
        data[at + 1] = bytes[1];
    }

    private void WriteField32(List<byte> data, int headerBias)
    {
        if (data.Count < 4) return;
        int at = Offset(data.Count - 3, headerBias);
        if (random.Next(2) == 0) at &= ~3; // pcap and pcapng fields are 4-byte aligned
        uint value = random.Next(3) switch
        {
            0 => (uint)Math.Max(0, data.Count - at + random.Next(-4, 5)),
            1 => (uint)random.NextInt64(0, 1L << 32),
            _ => Pick(EdgeValues32),
        };
        Span<byte> bytes = stackalloc byte[4];
        if (random.Next(2) == 0) BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        for (int i = 0; i < 4; i++) data[at + i] = bytes[i];
    }

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];
}
