using System.Buffers.Binary;
using SockScope.Files;
using SockScope.TestSupport;
using SockScope.Wire.Addresses;
using SockScope.Wire.Building;
using SockScope.Wire.Ethernet;
using SockScope.Wire.Ip;
using SockScope.Wire.Transport;

namespace SockScope.Cli.Tests;

[Collection(PingTopologyCollection.Name)]
public class ReplayCommandTests(PingTopology topology)
{
    /// <summary>Frames of growing size (Ethernet / IPv4 / UDP to port 7777), each id numbered, 1 ms apart.</summary>
    private static List<byte[]> MakeFrames(int count)
    {
        var frames = new List<byte[]>();
        var src = Ipv4Address.Parse("10.92.1.2");
        var dst = Ipv4Address.Parse("10.92.1.1");
        for (int i = 0; i < count; i++)
        {
            byte[] payload = new byte[10 + i * 27];
            for (int j = 0; j < payload.Length; j++) payload[j] = (byte)(i + j);
            var b = new PacketBuilder(new byte[2048], payload);
            b.PrependUdp(new UdpHeader(7000, 7777));
            b.PrependIpv4(new Ipv4Header(src, dst) { Identification = (ushort)(i + 1) });
            b.PrependEthernet(new EthernetHeader(MacAddress.Broadcast, MacAddress.Parse("02:00:00:00:92:01")));
            frames.Add(b.Written.ToArray());
        }
        return frames;
    }

    /// <summary>A classic pcap file written by hand (24-byte header, 16-byte record headers, microseconds).</summary>
    private static void WritePcap(string path, List<byte[]> frames)
    {
        using var f = File.Create(path);
        Span<byte> h = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        f.Write(h);
        Span<byte> r = stackalloc byte[16];
        for (int i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(r, 1_700_000_000);
            BinaryPrimitives.WriteUInt32LittleEndian(r[4..], (uint)(i * 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(r[8..], (uint)frames[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(r[12..], (uint)frames[i].Length);
            f.Write(r);
            f.Write(frames[i]);
        }
    }

    [TopologyTheory]
    [InlineData("--topspeed")]
    [InlineData("--pps 2000")]
    [InlineData("")]
    public void AReplayedCaptureArrivesComplete(string pacing)
    {
        Assert.True(topology.Ready);
        List<byte[]> frames = MakeFrames(50);
        string input = Path.Combine(Path.GetTempPath(), $"ssp-replay-in-{Guid.NewGuid():N}.pcap");
        string seen = Path.Combine(Path.GetTempPath(), $"ssp-replay-seen-{Guid.NewGuid():N}.pcap");
        WritePcap(input, frames);
        try
        {
            PingTopology.Result replay = default;
            SendCommandTests.CaptureToFile(PingTopology.Router, "ssp-rh1", "udp port 7777", 50, () =>
                replay = PingTopology.Sockscope(PingTopology.Host1, $"replay {input} -i ssp-h1r {pacing}"), seen);
            Assert.True(replay.ExitCode == 0, replay.Stderr);
            Assert.Contains("Actual: 50 packets (", replay.Stdout);
            Assert.Contains("Successful packets:        50", replay.Stdout);
            Assert.Contains("Failed packets:            0", replay.Stdout);

            using CaptureFileReader reader = CaptureFileReader.Open(seen);
            var arrived = reader.ReadPackets().Select(p => p.Data.ToArray()).ToList();
            Assert.Equal(frames.Count, arrived.Count);
            for (int i = 0; i < frames.Count; i++) Assert.Equal(frames[i], arrived[i]);
        }
        finally
        {
            File.Delete(input);
            File.Delete(seen);
        }
    }

    [Fact]
    public void UsageErrors()
    {
        Assert.Equal(2, CommandRunner.Run([new Commands.ReplayCommand()], ["replay", "x.pcap"]));
        Assert.Equal(2, CommandRunner.Run([new Commands.ReplayCommand()], ["replay", "x.pcap", "-i", "lo", "--topspeed", "--pps", "5"]));
        Assert.Equal(1, CommandRunner.Run([new Commands.ReplayCommand()], ["replay", "/nonexistent/ssp.pcap", "-i", "lo"]));
    }
}
