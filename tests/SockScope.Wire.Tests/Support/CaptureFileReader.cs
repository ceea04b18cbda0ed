using System.Buffers.Binary;

namespace SockScope.Wire.Tests.Support;

/// <summary>One record of a capture file, as the tests need it.</summary>
internal sealed record CaptureRecord(LinkType LinkType, byte[] Data, int OriginalLength, long TimestampNanoseconds);

/// <summary>
/// A small pcap/pcapng reader for tests only (the product reader lives in SockScope.Files). It
/// reads both byte orders, micro- and nanosecond pcaps, and pcapng EPB/SPB/OPB records, and
/// stops quietly at the first thing it cannot make sense of.
/// </summary>
internal static class CaptureFileReader
{
    private const int MaxRecord = 1 << 20;

    public static List<CaptureRecord> Read(string path) => Read(File.ReadAllBytes(path));

    public static List<CaptureRecord> Read(byte[] file)
    {
        var records = new List<CaptureRecord>();
        if (file.Length < 4) return records;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic == 0x0A0D0D0A) ReadPcapNg(file, records);
        else ReadPcap(file, records);
        return records;
    }

    private static void ReadPcap(byte[] f, List<CaptureRecord> records)
    {
        if (f.Length < 24) return;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(f);
        bool little;
        bool nanos;
        switch (magic)
        {
            case 0xA1B2C3D4: little = true; nanos = false; break;
            case 0xA1B23C4D: little = true; nanos = true; break;
            case 0xD4C3B2A1: little = false; nanos = false; break;
            case 0x4D3CB2A1: little = false; nanos = true; break;
            default: return;
        }
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(at));
        var linkType = (LinkType)(U32(20) & 0x03FFFFFF);
        int at = 24;
        while (at + 16 <= f.Length)
        {
            uint seconds = U32(at), fraction = U32(at + 4), caplen = U32(at + 8), origlen = U32(at + 12);
            at += 16;
            if (caplen > MaxRecord) return;
            int take = (int)Math.Min(caplen, (uint)(f.Length - at));
            long ns = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000L);
            records.Add(new CaptureRecord(linkType, f.AsSpan(at, take).ToArray(), (int)Math.Min(origlen, int.MaxValue), ns));
            at += take;
        }
    }

    private static void ReadPcapNg(byte[] f, List<CaptureRecord> records)
    {
        bool little = true;
        var interfaces = new List<(LinkType Type, long UnitsPerSecond)>();
        int at = 0;
        while (at + 12 <= f.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at));
            if (type == 0x0A0D0D0A)
            {
                uint bom = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at + 8));
                little = bom == 0x1A2B3C4D;
                interfaces.Clear();
            }
            uint U32(int p) => little ? BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(p)) : BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(p));
            ushort U16(int p) => little ? BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(p)) : BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(p));
            type = U32(at);
            uint length = U32(at + 4);
            if (length < 12 || length % 4 != 0 || at + length > f.Length) return;
            int body = at + 8;
            int end = at + (int)length - 4;
            switch (type)
            {
                case 1 when end - body >= 8:
                {
                    long units = 1_000_000;
                    int opt = body + 8;
                    while (opt + 4 <= end)
                    {
                        ushort code = U16(opt), olen = U16(opt + 2);
                        if (code == 0) break;
                        if (code == 9 && olen >= 1 && opt + 4 < end)
                        {
                            byte r = f[opt + 4];
                            int exp = r & 0x7F;
                            units = (r & 0x80) != 0 ? (exp < 62 ? 1L << exp : long.MaxValue) : (exp <= 18 ? (long)Math.Pow(10, exp) : long.MaxValue);
                        }
                        opt += 4 + ((olen + 3) & ~3);
                    }
                    interfaces.Add(((LinkType)(U16(body) & 0xFFFF), units));
                    break;
                }
                case 6 when end - body >= 20:
                case 2 when end - body >= 20:
                {
                    int iface = type == 6 ? (int)U32(body) : U16(body);
                    if (iface >= interfaces.Count) break;
                    ulong stamp = ((ulong)U32(body + 4) << 32) | U32(body + 8);
                    uint caplen = U32(body + 12), origlen = U32(body + 16);
                    int take = (int)Math.Min(caplen, (uint)Math.Max(0, end - (body + 20)));
                    long units = interfaces[iface].UnitsPerSecond;
                    long ns = units == 0 ? 0 : (long)(stamp / (ulong)units) * 1_000_000_000L + (long)((stamp % (ulong)units) * 1_000_000_000UL / (ulong)units);
                    records.Add(new CaptureRecord(interfaces[iface].Type, f.AsSpan(body + 20, take).ToArray(), (int)Math.Min(origlen, int.MaxValue), ns));
                    break;
                }
                case 3 when end - body >= 4 && interfaces.Count > 0:
                {
                    uint origlen = U32(body);
                    int take = (int)Math.Min(origlen, (uint)(end - body - 4));
                    records.Add(new CaptureRecord(interfaces[0].Type, f.AsSpan(body + 4, take).ToArray(), (int)origlen, 0));
                    break;
                }
            }
            at += (int)length;
        }
    }
}
