using System.Buffers.Binary;
using SockScope.Analysis;
using SockScope.Analysis.Flows;
using SockScope.Analysis.Reassembly;
using SockScope.Files;
using SockScope.TestSupport;
using SockScope.Wire;
using Xunit.Abstractions;

namespace SockScope.Cli.Tests;

/// <summary>
/// `flows` on all 830 corpus captures in-process (no crash, no hang), and on generated captures
/// that would exhaust memory without the caps: a SYN flood and a long stream with a hole.
/// </summary>
public sealed class FlowsRobustnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(20);

    [CorpusFact]
    public void EveryCorpusCaptureGoesThroughFlowsWithoutCrashOrHang()
    {
        var failures = new List<string>();
        long packets = 0, flows = 0;
        IReadOnlyList<string> captures = Corpus.AllCaptures();
        foreach (string capture in captures)
        {
            var task = Task.Run(() => Run(capture));
            if (!task.Wait(PerFileLimit))
            {
                failures.Add($"{Path.GetFileName(capture)}: still running after {PerFileLimit.TotalSeconds} s");
                continue;
            }
            (long p, long f, string? error) = task.Result;
            packets += p;
            flows += f;
            if (error is not null) failures.Add($"{Path.GetFileName(capture)}: {error}");
        }
        output.WriteLine($"{captures.Count} captures, {packets} packets, {flows} flows; {failures.Count} failures");
        Assert.Equal(830, captures.Count);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(50)));
    }

    private static (long, long, string?) Run(string capture)
    {
        try
        {
            (List<Flow> ended, TrafficAnalyzer analyzer, _) = FlowsRun.File(capture);
            Assert.Equal(0, analyzer.Flows.Count);
            Assert.Equal(analyzer.Flows.Statistics.Created, ended.Count);
            return (analyzer.Statistics.Frames, ended.Count, null);
        }
        catch (CaptureFileException)
        {
            return (0, 0, null); // a damaged file is a one-line error for the command, not a crash
        }
        catch (Exception e)
        {
            return (0, 0, $"{e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
    }

    [Fact]
    public void ASynFloodStaysUnderTheFlowCapAndTheEvictionsAreReported()
    {
        const int syns = 20_000, cap = 1_000;
        string path = TempPcap();
        try
        {
            using (var writer = CaptureFileWriter.Create(path, CaptureFileFormat.Pcap, LinkType.Raw, 65535))
            {
                byte[] packet = new byte[40];
                for (int i = 0; i < syns; i++)
                {
                    Tcp(packet, 0x0A000000u | (uint)(i + 1), 0x0A630001, (ushort)(1024 + i % 60000), 80, (uint)i, 0, 0x02, 0);
                    writer.Write(packet, 1_000_000_000L * 1_700_000_000 + i * 1000L, packet.Length);
                }
            }
            var options = new TrafficAnalyzerOptions { Flows = new FlowTableOptions { MaxFlows = cap } };
            int peakLive = 0;
            (List<Flow> ended, TrafficAnalyzer analyzer, _) = FlowsRun.File(path, options);
            peakLive = analyzer.Flows.Statistics.Peak;
            Assert.Equal(cap, peakLive);
            Assert.Equal(syns - cap, analyzer.Flows.Statistics.Evicted);
            Assert.Equal(syns, ended.Count);
            Assert.All(ended, f => Assert.Equal(ConnectionState.S0, f.State));
            string summary = string.Join("\n", FlowsPipeline.Summary(analyzer, options));
            Assert.Contains($"warning: {syns - cap} flows evicted to stay under --max-flows {cap}", summary);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ALongStreamWithAHoleStaysUnderTheReassemblyCaps()
    {
        // 40 MB in 1000-byte segments after a 1000-byte hole; the capture never carries the hole and
        // no ACK says it was lost, so only the caps can release the data held behind it.
        const int segments = 40_000, size = 1000, perDirectionKb = 256;
        string path = TempPcap();
        try
        {
            using (var writer = CaptureFileWriter.Create(path, CaptureFileFormat.Pcap, LinkType.Raw, 65535))
            {
                byte[] packet = new byte[40 + size];
                long t = 1_000_000_000L * 1_700_000_000;
                Tcp(packet.AsSpan(0, 40), 0x0A000001, 0x0A000002, 40000, 80, 1000, 0, 0x02, 0); writer.Write(packet.AsSpan(0, 40), t, 40);
                Tcp(packet.AsSpan(0, 40), 0x0A000002, 0x0A000001, 80, 40000, 9000, 1001, 0x12, 0); writer.Write(packet.AsSpan(0, 40), t + 1, 40);
                for (int i = 1; i <= segments; i++)
                {
                    Tcp(packet, 0x0A000001, 0x0A000002, 40000, 80, 1001 + (uint)(i * size), 9001, 0x10, size);
                    writer.Write(packet, t + 2 + i, packet.Length);
                }
            }
            var options = new TrafficAnalyzerOptions
            {
                Reassembly = new TcpReassemblyOptions { MaxBufferedBytesPerDirection = perDirectionKb << 10 },
                MaxReassemblyBytes = 1 << 20,
            };
            long delivered = 0;
            using CaptureFileReader reader = CaptureFileReader.Open(path);
            var analyzer = new TrafficAnalyzer(options);
            analyzer.StreamData += (_, _, _, data) => delivered += data.Length;
            Flow? flow = null;
            analyzer.FlowEnded += f => flow = f;
            long peak = 0;
            while (reader.TryRead(out CaptureRecord r))
            {
                analyzer.Process(r.Data, r.LinkType, r.TimestampNanoseconds, r.OriginalLength);
                peak = Math.Max(peak, analyzer.ReassemblyBudget.UsedBytes);
            }
            analyzer.Finish();
            Assert.True(analyzer.ReassemblyBudget.PeakBytes <= perDirectionKb << 10, $"peak {analyzer.ReassemblyBudget.PeakBytes}");
            Assert.True(analyzer.ReassemblyBudget.Evictions > 0);
            Assert.Equal((long)segments * size, delivered);
            Assert.Equal(size, flow!.MissedBytes);
            Assert.Contains('G', flow.History);
            Assert.Contains("stream holes given up early", string.Join("\n", FlowsPipeline.Summary(analyzer, options)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string TempPcap() => Path.Combine(Path.GetTempPath(), $"ssfl-{Guid.NewGuid():N}.pcap");

    /// <summary>A raw IPv4 TCP segment (20-byte headers) in <paramref name="p"/>, payload bytes left as they are.</summary>
    private static void Tcp(Span<byte> p, uint src, uint dst, ushort sport, ushort dport, uint seq, uint ack, byte flags, int payload)
    {
        p[..40].Clear();
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)(40 + payload));
        p[8] = 64;
        p[9] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(p[12..], src);
        BinaryPrimitives.WriteUInt32BigEndian(p[16..], dst);
        BinaryPrimitives.WriteUInt16BigEndian(p[20..], sport);
        BinaryPrimitives.WriteUInt16BigEndian(p[22..], dport);
        BinaryPrimitives.WriteUInt32BigEndian(p[24..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(p[28..], ack);
        p[32] = 5 << 4;
        p[33] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(p[34..], 65535);
    }
}
