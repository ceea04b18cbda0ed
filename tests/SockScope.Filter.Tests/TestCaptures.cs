using System.Buffers.Binary;

namespace SockScope.Filter.Tests;

/// <summary>
/// Reads classic pcap files for the verdict tests with the same rule as scripts/filter-expectations.sh:
/// records in file order, stopping at the first record that is truncated or longer than 262144 bytes.
/// </summary>
internal static class TestCaptures
{
    public readonly record struct Packet(byte[] Data, int WireLength);

    public static (int LinkType, List<Packet> Packets) Read(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        var packets = new List<Packet>();
        if (b.Length < 24) return (-1, packets);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(b);
        bool little;
        if (magic is 0xa1b2c3d4 or 0xa1b23c4d) little = true;
        else if (magic is 0xd4c3b2a1 or 0x4d3cb2a1) little = false;
        else return (-1, packets);
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));
        int link = (int)(U32(20) & 0xffff);
        int offset = 24;
        while (offset + 16 <= b.Length)
        {
            uint included = U32(offset + 8), original = U32(offset + 12);
            if (included > 262144 || offset + 16 + included > b.Length) break;
            packets.Add(new Packet(b.AsSpan(offset + 16, (int)included).ToArray(), (int)original));
            offset += 16 + (int)included;
        }
        return (link, packets);
    }
}
