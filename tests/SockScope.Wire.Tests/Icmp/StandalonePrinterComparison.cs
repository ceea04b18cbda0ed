using SockScope.Wire.Tests.Support;

namespace SockScope.Wire.Tests.Icmp;

/// <summary>
/// Compares a protocol printer called on its own with tcpdump's record for the same packet: the
/// printer's text must be the end of the record, starting after a space (what precedes it, the
/// timestamp and the IP addresses, is not the printer's).
/// </summary>
internal static class StandalonePrinterComparison
{
    /// <summary>
    /// Renders one frame of a capture with the printer under test; null where the frame is not its
    /// protocol. <paramref name="frame"/> is cut to the file's snapshot length, as libpcap hands it
    /// to tcpdump; <paramref name="originalLength"/> is the frame's length on the wire.
    /// </summary>
    public delegate string? Render(int linkType, byte[] frame, int originalLength);

    /// <summary>Compares every frame <paramref name="render"/> prints; returns how many were compared.</summary>
    /// <param name="captures">Captures with tcpdump's text beside them (capture + <paramref name="suffix"/>).</param>
    /// <param name="suffix">Which of tcpdump's texts: ".nn.txt", ".v.txt", ...</param>
    /// <param name="render">The printer under test.</param>
    /// <param name="excused">Records ("capture#N.suffix") that differ for a reason outside the printer, said where the set is made.</param>
    public static int Compare(IEnumerable<string> captures, string suffix, Render render, IReadOnlySet<string>? excused = null)
    {
        int compared = 0;
        var failures = new List<string>();
        foreach (string capture in captures)
        {
            string expectedPath = capture + suffix;
            if (!File.Exists(expectedPath)) continue;
            List<byte[]> packets = CapturedPackets.Read(capture, out int linkType);
            List<CaptureRecord> originals = CaptureFileReader.Read(capture);
            List<string> records = CapturedPackets.ReadRecords(expectedPath);
            if (records.Count != packets.Count || originals.Count != packets.Count) continue;
            for (int i = 0; i < packets.Count; i++)
            {
                string key = $"{Path.GetFileName(capture)}#{i + 1}{suffix}";
                if (excused?.Contains(key) == true) continue;
                string? mine = render(linkType, packets[i], originals[i].OriginalLength);
                if (mine is null) continue;
                compared++;
                string expected = records[i];
                bool same = mine.Length > 0 && expected.EndsWith(mine, StringComparison.Ordinal)
                    && (mine[0] == ' ' || (expected.Length > mine.Length && expected[^(mine.Length + 1)] == ' '));
                if (!same) failures.Add($"{key}\n  tcpdump: {expected}\n  ours:    {mine}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return compared;
    }
}
