using System.Globalization;
using System.Text;
using System.Text.Json;
using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Tests.Support;
using Xunit.Abstractions;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// The JSON formatter against tshark's field decoding of the core captures (.fields.tsv): every
/// field both sides give is compared; the differences are listed in a file by field.
/// </summary>
public class JsonFieldsCorpusTests(ITestOutputHelper log)
{
    // tshark column -> (JSON path, how tshark writes it)
    private static readonly (string Column, string Path, Kind Kind)[] Map =
    [
        ("frame.number", "frame.number", Kind.Decimal),
        ("frame.len", "frame.len", Kind.Decimal),
        ("frame.cap_len", "frame.caplen", Kind.Decimal),
        ("eth.src", "eth.src", Kind.Text),
        ("eth.dst", "eth.dst", Kind.Text),
        ("eth.type", "eth.type", Kind.Hex),
        ("vlan.id", "vlan.0.id", Kind.Decimal),
        ("ip.src", "ip.src", Kind.Text),
        ("ip.dst", "ip.dst", Kind.Text),
        ("ip.proto", "ip.proto", Kind.Decimal),
        ("ip.ttl", "ip.ttl", Kind.Decimal),
        ("ip.len", "ip.len", Kind.Decimal),
        ("ip.id", "ip.id", Kind.Hex),
        ("ip.flags.df", "ip.df", Kind.Bool),
        ("ip.flags.mf", "ip.mf", Kind.Bool),
        ("ip.frag_offset", "ip.frag_offset", Kind.Decimal),
        ("ip.checksum.status", "ip.checksum_status", Kind.ChecksumStatus),
        ("ipv6.src", "ipv6.src", Kind.Text),
        ("ipv6.dst", "ipv6.dst", Kind.Text),
        ("ipv6.nxt", "ipv6.nxt", Kind.Decimal),
        ("ipv6.hlim", "ipv6.hlim", Kind.Decimal),
        ("tcp.srcport", "tcp.src_port", Kind.Decimal),
        ("tcp.dstport", "tcp.dst_port", Kind.Decimal),
        ("tcp.seq_raw", "tcp.seq", Kind.Decimal),
        ("tcp.ack_raw", "tcp.ack", Kind.Decimal),
        ("tcp.flags", "tcp.flags", Kind.Hex),
        ("tcp.window_size_value", "tcp.window", Kind.Decimal),
        ("tcp.len", "tcp.len", Kind.Decimal),
        ("udp.srcport", "udp.src_port", Kind.Decimal),
        ("udp.dstport", "udp.dst_port", Kind.Decimal),
        ("udp.length", "udp.length", Kind.Decimal),
        ("icmp.type", "icmp.type", Kind.Decimal),
        ("icmp.code", "icmp.code", Kind.Decimal),
        ("icmpv6.type", "icmpv6.type", Kind.Decimal),
        ("icmpv6.code", "icmpv6.code", Kind.Decimal),
        ("arp.opcode", "arp.opcode", Kind.Decimal),
        ("arp.src.proto_ipv4", "arp.spa", Kind.Text),
        ("arp.dst.proto_ipv4", "arp.tpa", Kind.Text),
        ("dns.id", "dns.id", Kind.Hex),
        ("dns.qry.name", "dns.qname", Kind.Text),
        ("frame.time_epoch", "frame.time", Kind.Text),
    ];

    private enum Kind { Decimal, Hex, Bool, Text, ChecksumStatus }

    [CorpusFact]
    public void Fields_match_tshark_where_both_decode()
    {
        var formatter = new JsonPacketFormatter();
        using var output = new Utf8Builder();
        int compared = 0, agreed = 0, rows = 0;
        var differences = new StringBuilder();
        var byField = new Dictionary<string, int>();
        foreach (string capture in Corpus.CoreCaptures())
        {
            string tsv = capture + ".fields.tsv";
            if (!File.Exists(tsv)) continue;
            string[] lines = File.ReadAllLines(tsv);
            if (lines.Length < 2) continue;
            string[] header = lines[0].Split('\t');
            List<CaptureRecord> records = CaptureFileReader.Read(capture);
            for (int r = 1; r < lines.Length && r - 1 < records.Count; r++)
            {
                string[] cells = lines[r].Split('\t');
                CaptureRecord record = records[r - 1];
                output.Clear();
                formatter.Format(output, record.LinkType, record.Data, record.OriginalLength, record.TimestampNanoseconds, r);
                using JsonDocument json = JsonDocument.Parse(output.WrittenMemory);
                rows++;
                foreach ((string column, string path, Kind kind) in Map)
                {
                    int c = Array.IndexOf(header, column);
                    if (c < 0 || c >= cells.Length || cells[c].Length == 0) continue;
                    string? mine = Lookup(json.RootElement, path, kind);
                    if (mine is null) continue;
                    string theirs = Normalize(cells[c], kind, column);
                    if (theirs.Length == 0) continue;
                    compared++;
                    if (mine == theirs) agreed++;
                    else
                    {
                        byField[column] = byField.GetValueOrDefault(column) + 1;
                        differences.AppendLine($"{Path.GetFileName(capture)} #{r} {column}: tshark {theirs}, ours {mine}");
                    }
                }
            }
        }
        string path2 = Path.Combine(Path.GetTempPath(), "sockscope-wire-json-fields.txt");
        File.WriteAllText(path2, string.Join("\n", byField.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value}")) + "\n\n" + differences);
        double percent = 100.0 * agreed / Math.Max(1, compared);
        log.WriteLine($"{agreed}/{compared} fields agree ({percent:F2}%) over {rows} packets; differences in {path2}");
        Assert.True(rows > 300 && compared > 5000, $"only {compared} fields compared");
        Assert.True(percent >= 99.0, $"{agreed}/{compared} fields agree; see {path2}");
    }

    private static string Normalize(string cell, Kind kind, string column)
    {
        switch (kind)
        {
            case Kind.Hex:
                return cell.StartsWith("0x", StringComparison.Ordinal)
                    ? ulong.Parse(cell.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
                    : cell;
            case Kind.ChecksumStatus:
                return cell switch { "1" => "good", "0" => "bad", _ => "" };
            case Kind.Text when column == "frame.time_epoch":
                return cell;
            default:
                return cell;
        }
    }

    private static string? Lookup(JsonElement root, string path, Kind kind)
    {
        JsonElement e = root;
        foreach (string part in path.Split('.'))
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                int index = int.Parse(part, CultureInfo.InvariantCulture);
                if (index >= e.GetArrayLength()) return null;
                e = e[index];
            }
            else if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e)) return null;
        }
        return e.ValueKind switch
        {
            JsonValueKind.True => "1",
            JsonValueKind.False => "0",
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.String => e.GetString(),
            _ => null,
        };
    }
}
