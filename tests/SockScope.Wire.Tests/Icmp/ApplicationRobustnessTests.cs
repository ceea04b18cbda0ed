using System.Buffers.Binary;
using SockScope.TestSupport;
using SockScope.Wire.Dns;
using SockScope.Wire.Formatting;
using SockScope.Wire.Icmp;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// Truncations at every length and seeded bit flips over every ICMP, ICMPv6, IGMP and DNS payload of
/// the corpus and the crafted captures: the views and printers must never throw or read out of range.
/// </summary>
public sealed class ApplicationRobustnessTests
{
    private const int FlipsPerPayload = 40;

    [CorpusFact]
    public void PrintersSurviveTruncationAndBitFlips()
    {
        var payloads = CollectPayloads();
        Assert.True(payloads.Count > 200, $"only {payloads.Count} payloads");
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("SOCKSCOPE_FUZZ_SEED"), out int seed) ? seed : 20261121);
        using var text = new Utf8Builder(1 << 16);
        var printers = Enumerable.Range(0, 4)
            .Select(v => new TcpdumpPrinter(text, new FormatOptions { Verbosity = v })).ToArray();
        int runs = 0;
        foreach ((IpInfo ip, byte[] payload) in payloads)
        {
            for (int cut = 0; cut <= payload.Length; cut += Math.Max(1, payload.Length / 64))
            {
                Exercise(printers, ip, payload.AsSpan(0, cut), text);
                runs++;
            }
            byte[] mutated = new byte[payload.Length];
            for (int i = 0; i < FlipsPerPayload && payload.Length > 0; i++)
            {
                payload.CopyTo(mutated, 0);
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                    mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                Exercise(printers, ip with { PayloadLength = random.Next(2) == 0 ? ip.PayloadLength : random.Next(0, 70000) },
                    mutated, text);
                runs++;
            }
        }
        Assert.True(runs > 10_000, $"{runs} runs");
    }

    private static void Exercise(TcpdumpPrinter[] printers, IpInfo ip, ReadOnlySpan<byte> payload, Utf8Builder text)
    {
        foreach (TcpdumpPrinter printer in printers)
        {
            text.Clear();
            switch (ip.Protocol)
            {
                case IpProtocol.Icmp:
                    printer.PrintIcmp(payload, ip);
                    if (IcmpMessage.TryCreate(payload, out IcmpMessage icmp, out _)) _ = icmp.QuotedDatagram.Length + icmp.RestOfHeader;
                    break;
                case IpProtocol.Icmpv6:
                    printer.PrintIcmp6(payload, ip);
                    if (Icmpv6Message.TryCreate(payload, out Icmpv6Message icmp6, out _))
                    {
                        NdOptionReader options = icmp6.Options;
                        while (options.TryRead(out _, out _)) { }
                        icmp6.TryGetTargetAddress(out _);
                    }
                    break;
                case IpProtocol.Igmp:
                    printer.PrintIgmp(payload, ip);
                    if (IgmpMessage.TryCreate(payload, out IgmpMessage igmp, out _)) _ = igmp.MaxResponseTimeTenths + igmp.QuerySourceCount;
                    break;
                default:
                    var dnsContext = DnsPrintContext.From(printer.Options);
                    DnsPrinter.Print(payload, ip.PayloadLength, text, dnsContext);
                    DnsPrinter.Print(payload, ip.PayloadLength, text, dnsContext with { Multicast = true });
                    DnsPrinter.Print(payload, ip.PayloadLength, text, dnsContext with { OverTcp = true });
                    if (DnsMessage.TryCreate(payload, out DnsMessage dns, out _))
                    {
                        dns.TryWriteFirstQuestionName(text);
                        dns.TryGetExtendedResponseCode(out _);
                        DnsSectionReader<DnsResourceRecord> records = dns.Records;
                        while (records.TryRead(out DnsResourceRecord rr)) DnsName.Write(payload, rr.NameOffset, text, out _);
                    }
                    break;
            }
        }
    }

    /// <summary>Application payloads with their IP context; DNS payloads are tagged with the UDP protocol.</summary>
    private static List<(IpInfo, byte[])> CollectPayloads()
    {
        var result = new List<(IpInfo, byte[])>();
        IEnumerable<string> captures = Corpus.CoreCaptures().Concat(ApplicationCorpusTests.FixtureCaptures());
        string? robustness = Corpus.Directory is { } d ? Path.Combine(d, "robustness") : null;
        if (robustness is not null && Directory.Exists(robustness))
            captures = captures.Concat(Directory.EnumerateFiles(robustness)
                .Where(f => Path.GetFileName(f).Contains("icmp", StringComparison.OrdinalIgnoreCase)
                    || Path.GetFileName(f).Contains("dns", StringComparison.OrdinalIgnoreCase)));
        foreach (string capture in captures)
        {
            List<byte[]> packets;
            int linkType;
            try { packets = CapturedPackets.Read(capture, out linkType); }
            catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException) { continue; }
            foreach (byte[] frame in packets)
            {
                int offset = CapturedPackets.NetworkOffset(linkType, frame);
                if (offset < 0 || offset > frame.Length) continue;
                ReadOnlySpan<byte> ip = frame.AsSpan(offset);
                if (!CapturedPackets.TryLocateTransport(ip, out IpInfo info, out int start, out int end) || end < start) continue;
                byte[] payload = ip[start..end].ToArray();
                if (info.Protocol is IpProtocol.Icmp or IpProtocol.Icmpv6 or IpProtocol.Igmp) result.Add((info, payload));
                else if (info.Protocol == IpProtocol.Udp && payload.Length >= 8
                    && (BinaryPrimitives.ReadUInt16BigEndian(payload) is 53 or 5353
                        || BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(2)) is 53 or 5353))
                    result.Add((info with { PayloadLength = payload.Length - 8 }, payload[8..]));
            }
        }
        return result;
    }
}
