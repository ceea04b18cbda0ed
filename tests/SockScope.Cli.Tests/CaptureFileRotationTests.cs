namespace SockScope.Cli.Tests;

public sealed class CaptureFileRotationTests
{
    private static readonly DateTimeOffset When = new(2026, 11, 21, 14, 5, 9, TimeSpan.Zero);

    [Theory]
    [InlineData("cap.pcap", false, -1, 0, "cap.pcap")]        // no rotation
    [InlineData("cap.pcap", false, 0, 0, "cap.pcap")]         // -C: first file keeps the name
    [InlineData("cap.pcap", false, 2, 0, "cap.pcap2")]        // -C: then a number
    [InlineData("cap.pcap", false, 0, 3, "cap.pcap0")]        // -C -W 3: numbered from 0
    [InlineData("cap.pcap", false, 4, 3, "cap.pcap1")]        // and cycling
    [InlineData("cap.pcap", false, 7, 12, "cap.pcap07")]      // padded to W's width
    [InlineData("cap-%Y%m%d-%H%M%S.pcap", true, -1, 0, "cap-20261121-140509.pcap")]
    public void File_names_follow_tcpdump(string template, bool timeFormat, int sizeIndex, int maxFiles, string expected)
    {
        Assert.Equal(expected, CaptureFileRotation.FileName(template, When, timeFormat, sizeIndex, maxFiles));
    }

    [Fact]
    public void Time_rotation_names_files_by_strftime_and_stops_after_W()
    {
        string dir = Directory.CreateTempSubdirectory("ssc-rot").FullName;
        try
        {
            DateTimeOffset now = When;
            string template = Path.Combine(dir, "g-%H%M%S.pcap");
            using (var rotation = new CaptureFileRotation(template, Wire.LinkType.Ethernet, 262144, "eth0", maxAgeSeconds: 60, maxFiles: 2, clock: () => now))
            {
                rotation.Open();
                rotation.Write(new byte[60], 1, 60);
                now = now.AddSeconds(30);
                rotation.Tick();
                Assert.Single(rotation.FilesOpened);
                now = now.AddSeconds(31);
                rotation.Tick();
                rotation.Write(new byte[60], 2, 60);
                Assert.False(rotation.Finished);
                now = now.AddSeconds(61);
                rotation.Tick();
                Assert.True(rotation.Finished);
                Assert.Equal([Path.Combine(dir, "g-140509.pcap"), Path.Combine(dir, "g-140610.pcap")], rotation.FilesOpened);
            }
            foreach (string f in Directory.GetFiles(dir))
            {
                using var reader = Files.CaptureFileReader.Open(f);
                Assert.True(reader.TryRead(out _));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Size_rotation_writes_readable_files_and_reuses_W_names()
    {
        string dir = Directory.CreateTempSubdirectory("ssc-rot").FullName;
        try
        {
            string template = Path.Combine(dir, "r.pcap");
            var rotated = new List<string>();
            using (var rotation = new CaptureFileRotation(template, Wire.LinkType.Ethernet, 262144, "eth0", maxBytes: 1000, maxFiles: 2)
                { Rotated = rotated.Add })
            {
                rotation.Open();
                byte[] frame = new byte[100];
                for (int i = 0; i < 30; i++) rotation.Write(frame, i * 1000L, 100);
                Assert.Equal(30, rotation.PacketsWritten);
                Assert.True(rotation.FilesOpened.Count >= 3);
                // -z sees every file rotation closed, complete, and not the one still open.
                Assert.Equal(rotation.FilesOpened[..^1], rotated);
                using var closed = Files.CaptureFileReader.Open(rotated[^1]);   // names cycle: the newest closed one is not the open one
                Assert.True(closed.TryRead(out _));
            }
            string[] files = Directory.GetFiles(dir).Order().ToArray();
            Assert.Equal([template + "0", template + "1"], files);
            foreach (string f in files)
            {
                using var reader = Files.CaptureFileReader.Open(f);
                int n = 0;
                while (reader.TryRead(out _)) n++;
                Assert.InRange(n, 1, 9);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
