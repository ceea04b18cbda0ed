using System.Buffers.Binary;
using SockScope.Wire.Addresses;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// Test-only reader for the corpus: packets of classic pcap files (and simple pcapng), the IP layer
/// located for the link types the ICMP/IGMP/DNS captures use, so that the application printers can
/// be checked before and independently of the full decoder.
/// </summary>
internal static class CapturedPackets
{
    public static List<byte[]> Read(string path, out int linkType)
    {
        byte[] file = File.ReadAllBytes(path);
        var packets = new List<byte[]>();
        linkType = -1;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic is 0xa1b2c3d4 or 0xa1b23c4d)
        {
            linkType = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20));
            int snaplen = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16));
            for (int at = 24; at + 16 <= file.Length;)
            {
                int caplen = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
                at += 16;
                // As libpcap: a record longer than the file's snapshot length is cut to it.
                packets.Add(file.AsSpan(at, Math.Min(Math.Min(caplen, snaplen), file.Length - at)).ToArray());
                at += caplen;
            }
        }
        else if (magic == 0x0A0D0D0A)
        {
            for (int at = 0; at + 12 <= file.Length;)
            {
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
                if (length < 12) break;
                if (type == 1) linkType = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 8));
                if (type == 6)
                {
                    int caplen = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 20));
                    packets.Add(file.AsSpan(at + 28, Math.Min(caplen, file.Length - at - 28)).ToArray());
                }
                at += length;
            }
        }
        return packets;
    }

    /// <summary>Offset of the IP header for the link types used by the corpus captures of these protocols.</summary>
    public static int NetworkOffset(int linkType, ReadOnlySpan<byte> frame)
    {
        switch (linkType)
        {
            case 0: return 4;
            case 101: case 228: case 229: return 0;
            case 1:
                int at = 12;
                while (at + 2 <= frame.Length && BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) is 0x8100 or 0x88a8) at += 4;
                return at + 2;
            default: return -1;
        }
    }

    /// <summary>The IP payload and what the printers need from the IP header; false for non-IP or cut headers.</summary>
    public static bool TryLocateTransport(ReadOnlySpan<byte> ip, out IpInfo info, out int payloadOffset, out int payloadEnd)
    {
        info = default;
        payloadOffset = payloadEnd = 0;
        if (ip.Length < 1) return false;
        if (ip[0] >> 4 == 4 && ip.Length >= 20)
        {
            int ihl = (ip[0] & 0xF) * 4;
            int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            if (ihl < 20 || total < ihl || ip.Length < ihl) return false;
            bool later = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1FFF) != 0;
            info = new IpInfo(false, Ipv4Address.Read(ip[12..]), Ipv4Address.Read(ip[16..]), default, default,
                (IpProtocol)ip[9], total - ihl, later, ip[8]);
            payloadOffset = ihl;
            payloadEnd = Math.Min(total, ip.Length);
            return true;
        }
        if (ip[0] >> 4 == 6 && ip.Length >= 40)
        {
            int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            if (payloadLength == 0) return false;
            int next = ip[6];
            int at = 40;
            Ipv6Address destination = Ipv6Address.Read(ip[24..]);
            while (next is 0 or 43 or 60 or 44)
            {
                if (at + 8 > ip.Length) return false;
                int size = next == 44 ? 8 : (ip[at + 1] + 1) * 8;
                // Type 0 routing header: the pseudo-header uses the final destination, its last address.
                if (next == 43 && ip[at + 2] == 0 && ip[at + 3] > 0 && at + size <= ip.Length && size >= 24)
                    destination = Ipv6Address.Read(ip[(at + size - 16)..]);
                next = ip[at];
                at += size;
            }
            if (at > ip.Length || at > 40 + payloadLength) return false;
            info = new IpInfo(true, default, default, Ipv6Address.Read(ip[8..]), destination,
                (IpProtocol)next, 40 + payloadLength - at, false, ip[7]);
            payloadOffset = at;
            payloadEnd = Math.Min(40 + payloadLength, ip.Length);
            return true;
        }
        return false;
    }

    /// <summary>tcpdump's text per packet: a record starts at a line beginning with a timestamp.</summary>
    public static List<string> ReadRecords(string path)
    {
        var records = new List<string>();
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length > 0 && char.IsDigit(line[0]) || records.Count == 0) records.Add(line);
            else records[^1] += "\n" + line;
        }
        return records;
    }
}
