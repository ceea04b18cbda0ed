using SockScope.Analysis.Export;
using SockScope.TestSupport;
using IE = SockScope.Analysis.Export.InformationElement;

namespace SockScope.Analysis.Tests.Export;

public sealed class ExportSessionTests
{
    private sealed class Keep : IExportMessageSink
    {
        public List<(byte[] Bytes, int Records)> Messages { get; } = [];
        public void OnMessage(ReadOnlySpan<byte> message, int dataRecords) => Messages.Add((message.ToArray(), dataRecords));
    }

    private static FlowRecord V4(int i) => new()
    {
        SourceLow = 0x0A000001,
        DestinationLow = 0x0A000002,
        SourcePort = (ushort)(1000 + i),
        DestinationPort = 53,
        Protocol = 17,
        Packets = 3,
        Bytes = 300 + (ulong)i,
        TypeOfService = 0x28,
        StartMilliseconds = 1_700_000_000_123,
        EndMilliseconds = 1_700_000_001_456,
        EndReason = FlowEndReason.IdleTimeout,
    };

    private static FlowRecord V6Icmp() => new()
    {
        IsIpv6 = true,
        SourceHigh = 0xFD00_0000_0000_0000, SourceLow = 1,
        DestinationHigh = 0xFD00_0000_0000_0000, DestinationLow = 2,
        DestinationPort = 128 * 256,
        Protocol = 58,
        Packets = 1,
        Bytes = 104,
        StartMilliseconds = 5, EndMilliseconds = 6,
    };

    [Theory]
    [InlineData(ExportProtocol.Ipfix)]
    [InlineData(ExportProtocol.NetFlow9)]
    public void Records_round_trip_through_an_independent_decoder(ExportProtocol protocol)
    {
        var sink = new Keep();
        var session = new ExportSession(new ExportSessionOptions { Protocol = protocol, ObservationDomain = 7 }, sink, 0);
        for (int i = 0; i < 100; i++) session.Add(V4(i), 1_700_000_002_000);
        session.Add(V6Icmp(), 1_700_000_002_000);
        session.Flush(1_700_000_002_000);

        var decoder = new FlowExportDecoder();
        var records = new List<FlowExportDecoder.Record>();
        foreach (var (bytes, count) in sink.Messages)
        {
            Assert.True(bytes.Length <= ExportSessionOptions.DefaultMaxMessageLength);
            FlowExportDecoder.Message m = decoder.Decode(bytes);
            Assert.Equal(protocol == ExportProtocol.Ipfix ? 10 : 9, m.Version);
            Assert.Equal(7u, m.Domain);
            Assert.Equal(count, m.Records.Count);
            records.AddRange(m.Records.Where(r => !r.IsOptions));
        }
        Assert.True(sink.Messages.Count > 1, "100 records do not fit one 1400-byte message");
        Assert.Equal(101, records.Count);
        FlowExportDecoder.Record first = records[0];
        Assert.Equal(ExportTemplate.Ipv4Id, first.TemplateId);
        Assert.Equal(new byte[] { 10, 0, 0, 1 }, first.Bytes(IE.SourceIpv4Address));
        Assert.Equal(1000UL, first.Get(IE.SourceTransportPort));
        Assert.Equal(53UL, first.Get(IE.DestinationTransportPort));
        Assert.Equal(300UL, first.Get(IE.OctetDeltaCount));
        Assert.Equal(3UL, first.Get(IE.PacketDeltaCount));
        Assert.Equal(17UL, first.Get(IE.ProtocolIdentifier));
        Assert.Equal(4UL, first.Get(IE.IpVersion));
        Assert.Equal(0x28UL, first.Get(IE.IpClassOfService));
        Assert.Equal(1_700_000_000_123UL, first.Get(IE.FlowStartMilliseconds));
        Assert.Equal(1_700_000_001_456UL, first.Get(IE.FlowEndMilliseconds));
        Assert.Equal((ulong)FlowEndReason.IdleTimeout, first.Get(IE.FlowEndReason));
        Assert.Equal(0UL, first.Get(IE.IcmpTypeCodeIpv4));
        FlowExportDecoder.Record icmp = records[^1];
        Assert.Equal(ExportTemplate.Ipv6Id, icmp.TemplateId);
        Assert.Equal(128UL * 256, icmp.Get(IE.IcmpTypeCodeIpv6));
        Assert.Equal(6UL, icmp.Get(IE.IpVersion));
        Assert.Equal(0xFDUL, icmp.Bytes(IE.SourceIpv6Address)[0]);
    }

    [Fact]
    public void Ipfix_sequence_counts_data_records_and_netflow9_counts_packets()
    {
        foreach (ExportProtocol protocol in new[] { ExportProtocol.Ipfix, ExportProtocol.NetFlow9 })
        {
            var sink = new Keep();
            var session = new ExportSession(new ExportSessionOptions { Protocol = protocol }, sink, 0);
            for (int i = 0; i < 60; i++) session.Add(V4(i), 1000);
            session.Flush(1000);
            var decoder = new FlowExportDecoder();
            uint expected = 0;
            for (int i = 0; i < sink.Messages.Count; i++)
            {
                FlowExportDecoder.Message m = decoder.Decode(sink.Messages[i].Bytes);
                Assert.Equal(expected, m.Sequence);
                expected += protocol == ExportProtocol.Ipfix ? (uint)m.Records.Count : 1;
            }
        }
    }

    [Fact]
    public void Templates_come_first_and_again_every_n_messages_and_every_t_seconds()
    {
        var sink = new Keep();
        var session = new ExportSession(new ExportSessionOptions { TemplateRefreshMessages = 3, TemplateRefreshSeconds = 60 }, sink, 0);
        for (int m = 0; m < 7; m++)
        {
            session.Add(V4(m), 1000);
            session.Flush(1000);
        }
        session.Add(V4(0), 61_000);  // 60 s after the templates of message 6: due by time
        session.Flush(61_000);
        session.Add(V4(0), 62_000);
        session.Flush(62_000);
        var decoder = new FlowExportDecoder();
        int[] templates = [.. sink.Messages.Select(m => decoder.Decode(m.Bytes).TemplateRecords)];
        Assert.Equal([3, 0, 0, 3, 0, 0, 3, 3, 0], templates);

        var timed = new Keep();
        var byTime = new ExportSession(new ExportSessionOptions { TemplateRefreshMessages = 0, TemplateRefreshSeconds = 30 }, timed, 0);
        foreach (long now in new long[] { 0, 10_000, 29_999, 30_000, 45_000, 60_500 })
        {
            byTime.Add(V4(0), now);
            byTime.Flush(now);
        }
        var d2 = new FlowExportDecoder();
        Assert.Equal([true, false, false, true, false, true], timed.Messages.Select(m => d2.Decode(m.Bytes).TemplateRecords > 0).ToArray());
    }

    [Fact]
    public void The_statistics_options_record_carries_the_counters()
    {
        foreach (ExportProtocol protocol in new[] { ExportProtocol.Ipfix, ExportProtocol.NetFlow9 })
        {
            var sink = new Keep();
            var stats = new ExporterStatistics { MessagesSent = 5, RecordsSent = 77, RecordsNotSent = 3, PacketsDroppedByCapture = 12, IdleTimeoutSeconds = 15, ActiveTimeoutSeconds = 1800 };
            var session = new ExportSession(new ExportSessionOptions { Protocol = protocol, ObservationDomain = 42, Statistics = () => stats }, sink, 0);
            session.Add(V4(0), 1000);
            session.Flush(1000);
            FlowExportDecoder.Message m = new FlowExportDecoder().Decode(sink.Messages[0].Bytes);
            FlowExportDecoder.Record options = Assert.Single(m.Records, r => r.IsOptions);
            Assert.Equal(ExportTemplate.StatisticsId, options.TemplateId);
            Assert.Equal(77UL, options.Get(IE.ExportedFlowRecordTotalCount));
            Assert.Equal(5UL, options.Get(IE.ExportedMessageTotalCount));
            Assert.Equal(3UL, options.Get(IE.NotSentFlowTotalCount));
            Assert.Equal(12UL, options.Get(IE.IgnoredPacketTotalCount));
            Assert.Equal(15UL, options.Get(IE.FlowIdleTimeout));
            Assert.Equal(1800UL, options.Get(IE.FlowActiveTimeout));
            Assert.Equal(42UL, options.Get(protocol == ExportProtocol.Ipfix ? IE.ObservationDomainId : IE.NetFlow9ScopeSystem));
        }
    }

    [Fact]
    public void Biflow_records_carry_rfc5103_reverse_elements()
    {
        var sink = new Keep();
        var session = new ExportSession(new ExportSessionOptions { Biflow = true }, sink, 0);
        FlowRecord r = V4(0);
        r.HasReverse = true;
        r.ReversePackets = 9;
        r.ReverseBytes = 900;
        r.ReverseTcpFlags = 0x12;
        session.Add(r, 1000);
        session.Flush(1000);
        FlowExportDecoder.Record d = new FlowExportDecoder().Decode(sink.Messages[0].Bytes).Records.Single(x => !x.IsOptions);
        Assert.Equal(ExportTemplate.BiflowIpv4Id, d.TemplateId);
        Assert.Equal(9UL, d.Get(IE.PacketDeltaCount, IE.ReversePen));
        Assert.Equal(900UL, d.Get(IE.OctetDeltaCount, IE.ReversePen));
        Assert.Equal(0x12UL, d.Get(IE.TcpControlBits, IE.ReversePen));
        Assert.Equal(3UL, d.Get(IE.PacketDeltaCount));
        Assert.Throws<ArgumentException>(() => new ExportSession(new ExportSessionOptions { Biflow = true, Protocol = ExportProtocol.NetFlow9 }, sink, 0));
        Assert.Throws<ArgumentException>(() => session.Add(V4(1), 1000));
    }

    [Fact]
    public void A_template_message_holds_only_templates()
    {
        var sink = new Keep();
        var session = new ExportSession(new ExportSessionOptions(), sink, 0);
        var buffer = new byte[session.TemplateMessageLength];
        Assert.Equal(buffer.Length, session.WriteTemplateMessage(buffer, 1000));
        FlowExportDecoder.Message m = new FlowExportDecoder().Decode(buffer);
        Assert.Equal(3, m.TemplateRecords);
        Assert.Empty(m.Records);
    }
}
