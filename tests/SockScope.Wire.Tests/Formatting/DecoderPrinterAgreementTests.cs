using System.Text;
using SockScope.TestSupport;
using SockScope.Wire.Decoding;
using SockScope.Wire.Formatting;
using SockScope.Wire.Ip;
using SockScope.Wire.Tests.Support;
using Xunit.Abstractions;

namespace SockScope.Wire.Tests.Formatting;

/// <summary>
/// One decoder: on every packet of all 830 corpus captures, the innermost protocol layer that
/// PacketDecoder reports (what --json names) is the protocol the tcpdump text line prints. They
/// used to disagree (EtherType 0x9200, tunnel depth, GRE and AH followed by the printer only).
/// </summary>
public sealed class DecoderPrinterAgreementTests(ITestOutputHelper log)
{
    [CorpusFact]
    public void Innermost_decoded_protocol_is_the_one_the_text_line_prints()
    {
        var options = new FormatOptions { NumericPorts = true };
        using var output = new Utf8Builder();
        var printer = new TcpdumpPrinter(output, options);
        var decoded = new DecodedPacket();
        int packets = 0, checkedPackets = 0, presumedLength = 0;
        var disagreements = new List<string>();
        foreach (string capture in Corpus.AllCaptures())
        {
            List<CaptureRecord> records;
            try { records = CaptureFileReader.Read(capture); }
            catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidDataException) { continue; }
            for (int i = 0; i < records.Count; i++)
            {
                CaptureRecord r = records[i];
                packets++;
                PacketDecoder.DecodeInto(r.LinkType, r.Data, ref decoded);
                output.Clear();
                printer.PrintPacket(r.LinkType, r.Data, r.OriginalLength);
                string text = output.ToString();
                // The other way round: a tunnel the text follows, the decoder follows too.
                if (text.Contains(": GREv", StringComparison.Ordinal) && !decoded.Contains(LayerKind.Gre) && decoded.StopLayer != LayerKind.Gre
                    && disagreements.Count < 40)
                    disagreements.Add($"{Path.GetFileName(capture)} #{i + 1}: text follows GRE, the decoder does not: {FirstLine(text)}");
                if (HasPresumedIpv4Length(decoded, r.Data))
                {
                    // The one known difference: an IPv4 total length of 0 (TSO, BIG TCP) is presumed to
                    // run to the end of the capture by the decoder, as tshark and newer tcpdump read it,
                    // while the text keeps tcpdump 4.99's "bad-len 0" and stops.
                    presumedLength++;
                    if (!text.Contains("bad-len 0", StringComparison.Ordinal) && disagreements.Count < 40)
                        disagreements.Add($"{Path.GetFileName(capture)} #{i + 1}: presumed IPv4 length, text: {FirstLine(text)}");
                    continue;
                }
                if (!TryInnermost(decoded, r.Data, out LayerKind kind, out string marker)) continue;
                checkedPackets++;
                if (!Agrees(text, marker) && disagreements.Count < 40)
                    disagreements.Add($"{Path.GetFileName(capture)} #{i + 1}: decoder says {kind} (\"{marker}\"), text: {FirstLine(text)}");
            }
        }
        log.WriteLine($"{checkedPackets} of {packets} packets have a decoded protocol layer; {presumedLength} have a presumed IPv4 length; {disagreements.Count} disagree");
        Assert.True(checkedPackets > 5_000, $"only {checkedPackets} packets checked");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>
    /// The innermost protocol layer and what its text must contain: "ICMP", "GREv", the ports ... Only
    /// layers the decoder read whole count; a stop inside a layer is the printer's "[|proto]" case.
    /// </summary>
    private static bool TryInnermost(in DecodedPacket decoded, ReadOnlySpan<byte> frame, out LayerKind kind, out string marker)
    {
        for (int i = decoded.Count - 1; i >= 0; i--)
        {
            Layer layer = decoded[i];
            kind = layer.Kind;
            switch (layer.Kind)
            {
                case LayerKind.Tcp:
                case LayerKind.Udp:
                {
                    ReadOnlySpan<byte> h = layer.HeaderOf(frame);
                    int source = h[0] << 8 | h[1], destination = h[2] << 8 | h[3];
                    // "a.b.c.d.1234 > e.f.g.h.80:", or "1234 > 80:" after IPv6 extension headers.
                    marker = $@"(?<![0-9]){source} > (\S*\.)?{destination}[:, ]";
                    return true;
                }
                case LayerKind.Icmp: marker = "ICMP"; return true;
                case LayerKind.Icmpv6: marker = "ICMP6"; return true;
                case LayerKind.Gre: marker = "GREv"; return true;
                case LayerKind.Arp: marker = "ARP"; return true;
                case LayerKind.Payload:
                case LayerKind.Authentication:
                    continue;
                default:
                    marker = "";
                    return false;
            }
        }
        kind = LayerKind.None;
        marker = "";
        return false;
    }

    private static bool HasPresumedIpv4Length(in DecodedPacket decoded, ReadOnlySpan<byte> frame)
    {
        foreach (Layer layer in decoded.Layers)
        {
            if (layer.Kind == LayerKind.Ipv4 && Ipv4Packet.TryCreate(layer.From(frame), out Ipv4Packet ip, out _) && ip.IsLengthPresumed)
                return true;
        }
        return false;
    }

    private static bool Agrees(string text, string marker) => marker.StartsWith("(?<!", StringComparison.Ordinal)
        ? System.Text.RegularExpressions.Regex.IsMatch(text, marker)
        : text.Contains(marker, StringComparison.Ordinal);

    private static string FirstLine(string text)
    {
        int end = text.IndexOf('\n');
        return end < 0 ? text : text[..end];
    }
}
