using System.Buffers.Binary;
using SockScope.TestSupport;
using SockScope.Wire;

namespace SockScope.Cli.Tests.FlowExport;

/// <summary>nfcapd killed and restarted while we export: no crash, and every record is either stored or counted as lost.</summary>
public sealed class FlowExportCollectorRestartTests
{
    private static byte[] UdpFrame(int flow)
    {
        var b = new byte[20 + 8 + 12];
        b[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)b.Length);
        b[8] = 64;
        b[9] = 17;
        b[12] = 10; b[13] = 66; b[14] = (byte)(flow >> 8); b[15] = (byte)flow;
        b[16] = 10; b[17] = 67; b[19] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(20), (ushort)(20000 + flow));
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(22), 53);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(24), 20);
        return b;
    }

    [ExportToolsFact("nfcapd", "nfdump")]
    public void Records_are_stored_or_counted_as_lost_across_a_collector_restart()
    {
        int port = FlowExportTools.FreeUdpPort();
        string root = Path.Combine(Path.GetTempPath(), $"ssex-restart-{Guid.NewGuid():N}");
        var options = new FlowExportOptions();
        var args = new ArgReader(["--export", $"ipfix://127.0.0.1:{port}", "--idle-timeout", "1", "--template-packets", "4"]);
        while (args.TryNext(out string option)) Assert.True(options.TryApply(option, args));
        options.Validate();
        FlowExportTools.Nfcapd? first = null, second = null;
        try
        {
            first = new FlowExportTools.Nfcapd(port, Path.Combine(root, "first"));
            using var exporter = new FlowExportPipeline(options);
            long t = 1_700_000_000L * 1_000_000_000;
            for (int round = 0; round < 36; round++)
            {
                if (round == 12) first.Stop();
                if (round == 24) second = new FlowExportTools.Nfcapd(port, Path.Combine(root, "second"));
                for (int j = 0; j < 50; j++)
                {
                    byte[] frame = UdpFrame(round * 50 + j);
                    exporter.OnFrame(LinkType.Raw, frame, frame.Length, t + round * 1_000_000_000L + j * 1_000_000L);
                }
                Thread.Sleep(40);
            }
            exporter.Finish();
            Thread.Sleep(300);
            second!.Stop();
            long exported = exporter.Accounting.RecordsExported;
            long lost = exporter.RecordsLost;
            long stored1 = FlowExportTools.NfdumpTotals(first.Directory_).Values.Sum(v => v.Packets);
            long stored2 = FlowExportTools.NfdumpTotals(second.Directory_).Values.Sum(v => v.Packets);
            string report = $"exported {exported}, stored {stored1} + {stored2}, lost {lost}; second nfcapd: {second.Log}";
            Assert.Equal(1800, exported);
            Assert.True(stored1 > 0 && stored2 > 0, report);
            Assert.True(lost > 0, report);
            Assert.True(stored1 + stored2 <= exported, report);
            // Nothing vanished without being counted (lost also counts the statistics options records of lost messages).
            Assert.True(stored1 + stored2 + lost >= exported, report);
            Assert.True(stored1 + stored2 + lost <= exported + 40, report);
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
