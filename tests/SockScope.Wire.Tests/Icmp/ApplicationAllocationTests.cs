using SockScope.TestSupport;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>Printing ICMP, ICMPv6, IGMP and DNS allocates nothing once the output buffer has grown.</summary>
public sealed class ApplicationAllocationTests
{
    [Fact]
    public void PrintingAllocatesNothingPerPacket()
    {
        var packets = new List<(IpInfo Ip, byte[] Payload, bool Dns)>();
        foreach (string capture in ApplicationCorpusTests.FixtureCaptures())
        {
            foreach (byte[] frame in CapturedPackets.Read(capture, out int linkType))
            {
                int offset = CapturedPackets.NetworkOffset(linkType, frame);
                if (offset < 0 || !CapturedPackets.TryLocateTransport(frame.AsSpan(offset), out IpInfo ip, out int start, out int end) || end < start)
                    continue;
                byte[] payload = frame.AsSpan(offset)[start..end].ToArray();
                bool dns = ip.Protocol == IpProtocol.Udp;
                packets.Add((ip, dns ? payload[Math.Min(8, payload.Length)..] : payload, dns));
            }
        }
        Assert.True(packets.Count > 500);

        using var text = new Utf8Builder(1 << 20);
        var printers = Enumerable.Range(0, 4).Select(v => new TcpdumpPrinter(text, new FormatOptions { Verbosity = v })).ToArray();
        void PrintAll()
        {
            foreach (TcpdumpPrinter printer in printers)
            {
                foreach ((IpInfo ip, byte[] payload, bool dns) in packets)
                {
                    text.Clear();
                    if (dns) DnsPrinter.Print(payload, text, DnsPrintContext.From(printer.Options));
                    else if (ip.Protocol == IpProtocol.Icmp) printer.PrintIcmp(payload, ip);
                    else if (ip.Protocol == IpProtocol.Icmpv6) printer.PrintIcmp6(payload, ip);
                    else if (ip.Protocol == IpProtocol.Igmp) printer.PrintIgmp(payload, ip);
                }
            }
        }

        // Warm up twice: static tables and tiered compilation allocate once, not per packet.
        PrintAll();
        PrintAll();
        long allocated = Allocations.Least(PrintAll);
        var culprits = new List<string>();
        if (allocated != 0)
        {
            foreach (TcpdumpPrinter printer in printers)
                foreach ((IpInfo ip, byte[] payload, bool dns) in packets)
                {
                    text.Clear();
                    long b = GC.GetAllocatedBytesForCurrentThread();
                    if (dns) DnsPrinter.Print(payload, text, DnsPrintContext.From(printer.Options));
                    else if (ip.Protocol == IpProtocol.Icmp) printer.PrintIcmp(payload, ip);
                    else if (ip.Protocol == IpProtocol.Icmpv6) printer.PrintIcmp6(payload, ip);
                    else if (ip.Protocol == IpProtocol.Igmp) printer.PrintIgmp(payload, ip);
                    long a = GC.GetAllocatedBytesForCurrentThread() - b;
                    if (a != 0 && culprits.Count < 5) culprits.Add($"{a} bytes: v{printer.Options.Verbosity} {text}");
                }
        }
        Assert.True(allocated == 0, $"{allocated} bytes allocated: {string.Join(" | ", culprits)}");
    }
}
