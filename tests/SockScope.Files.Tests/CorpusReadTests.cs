using SockScope.TestSupport;

namespace SockScope.Files.Tests;

public class CorpusReadTests
{
    /// <summary>Every capture in the corpus opens, and yields the record count MANIFEST.tsv lists, with the masked link type.</summary>
    [CorpusFact]
    public void EveryCaptureYieldsTheManifestRecordCount()
    {
        string manifest = Path.Combine(Corpus.Directory!, "MANIFEST.tsv");
        var failures = new List<string>();
        int files = 0;
        foreach (string line in File.ReadLines(manifest).Skip(1))
        {
            string[] cols = line.Split('\t');
            string path = Path.Combine(Corpus.Directory!, cols[0], cols[1]);
            long expectedPackets = long.Parse(cols[7]);
            int expectedLink = int.Parse(cols[5]);
            files++;
            try
            {
                using var reader = CaptureFileReader.Open(path);
                long count = 0;
                while (reader.TryRead(out _)) count++;
                if (count != expectedPackets) failures.Add($"{cols[1]}: {count} records, manifest says {expectedPackets}");
                if ((int)reader.LinkType != expectedLink) failures.Add($"{cols[1]}: link type {(int)reader.LinkType}, manifest says {expectedLink}");
                long rawSnap = cols[6] == "-" ? 0 : long.Parse(cols[6]);
                long expectedSnap = rawSnap is 0 or > 262144 ? 262144 : rawSnap; // libpcap reports out-of-range snaplens as its limit
                if (cols[2] == "pcap" && reader.SnapLength != expectedSnap) failures.Add($"{cols[1]}: snaplen {reader.SnapLength}, manifest says {cols[6]}");
            }
            catch (CaptureFileException e)
            {
                failures.Add($"{cols[1]}: {e.Message}");
            }
        }
        Assert.Equal(830, files);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A damaged file header (cut short, or its magic or first block length spoiled) gives one line naming the offset.</summary>
    [CorpusFact]
    public void DamagedHeadersGiveOneLineErrorsWithTheOffset()
    {
        foreach (string path in Corpus.AllCaptures())
        {
            byte[] bytes = File.ReadAllBytes(path);
            bool pcapNg = bytes[0] == 0x0A && bytes[1] == 0x0D;
            byte[][] damaged =
            [
                bytes[..10],
                [0xFF, 0xEE, .. bytes[2..]],
                pcapNg ? [.. bytes[..4], 3, 0, 0, 0, .. bytes[8..]] : bytes[..20],
            ];
            foreach (byte[] file in damaged)
            {
                CaptureFileException e = Assert.Throws<CaptureFileException>(() =>
                {
                    using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file));
                    while (reader.TryRead(out _)) { }
                });
                Assert.Matches(@"^[^\n]+ at offset \d+$", e.Message);
            }
        }
    }
}
