using SockScope.Analysis.Export;
using static SockScope.Analysis.Tests.Export.ExportFrames;

namespace SockScope.Analysis.Tests.Export;

public sealed class ExportFlowTableTests
{
    private const long Second = 1_000_000_000;

    private sealed class Collect : IFlowRecordSink
    {
        public List<FlowRecord> Records { get; } = [];
        public void OnRecord(in FlowRecord record) => Records.Add(record);
    }

    private static (ExportFlowTable Table, Collect Sink) NewTable(FlowAccountingOptions? options = null)
    {
        var sink = new Collect();
        return (new ExportFlowTable(options ?? new FlowAccountingOptions(), sink), sink);
    }

    [Fact]
    public void One_record_per_direction_with_that_directions_counts()
    {
        var (table, sink) = NewTable();
        long t = 1_700_000_000 * Second;
        for (int i = 0; i < 3; i++)
        {
            table.Observe(Classify(Ipv4(17, "10.0.0.9", "10.0.0.1", Udp(5000, 53, 20))), t + i * Second);
            table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.9", Udp(53, 5000, 100))), t + i * Second + 1000);
        }
        table.Observe(Classify(Ipv4(17, "10.0.0.9", "10.0.0.1", Udp(5000, 53, 20))), t + 5 * Second);
        Assert.Equal(1, table.ActiveFlows);
        table.FlushAll();
        Assert.Equal(2, sink.Records.Count);
        FlowRecord query = sink.Records.Single(r => r.DestinationPort == 53);
        FlowRecord answer = sink.Records.Single(r => r.SourcePort == 53);
        Assert.Equal(4UL, query.Packets);
        Assert.Equal(4UL * 48, query.Bytes);
        Assert.Equal(0x0A000009UL, query.SourceLow);
        Assert.Equal(3UL, answer.Packets);
        Assert.Equal(3UL * 128, answer.Bytes);
        Assert.Equal(t / 1_000_000, query.StartMilliseconds);
        Assert.Equal((t + 5 * Second) / 1_000_000, query.EndMilliseconds);
        Assert.All(sink.Records, r => Assert.Equal(FlowEndReason.ForcedEnd, r.EndReason));
    }

    [Fact]
    public void Idle_flows_expire_and_active_ones_stay()
    {
        var (table, sink) = NewTable(new FlowAccountingOptions { IdleTimeout = TimeSpan.FromSeconds(15) });
        long t = 100 * Second;
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1, 2))), t);
        table.Observe(Classify(Ipv4(17, "10.0.0.3", "10.0.0.4", Udp(1, 2))), t + 10 * Second);
        table.Expire(t + 14 * Second);
        Assert.Empty(sink.Records);
        table.Expire(t + 15 * Second);
        FlowRecord expired = Assert.Single(sink.Records);
        Assert.Equal(0x0A000001UL, expired.SourceLow);
        Assert.Equal(FlowEndReason.IdleTimeout, expired.EndReason);
        Assert.Equal(1, table.ActiveFlows);
    }

    [Fact]
    public void The_active_timeout_cuts_a_long_flow_into_records()
    {
        var (table, sink) = NewTable(new FlowAccountingOptions { ActiveTimeout = TimeSpan.FromSeconds(60), IdleTimeout = TimeSpan.FromSeconds(30) });
        for (int i = 0; i <= 150; i += 10)
            table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1, 2))), i * Second);
        table.FlushAll();
        Assert.Equal(3, sink.Records.Count);
        Assert.Equal([6UL, 6UL, 4UL], sink.Records.Select(r => r.Packets));
        Assert.Equal(FlowEndReason.ActiveTimeout, sink.Records[0].EndReason);
    }

    [Fact]
    public void Tcp_ends_after_fin_both_ways_and_keeps_the_last_ack()
    {
        var (table, sink) = NewTable();
        long t = 10 * Second;
        byte[] clientFin = Ipv4(6, "10.0.0.1", "10.0.0.2", Tcp(40000, 80, 0x11));
        byte[] serverFin = Ipv4(6, "10.0.0.2", "10.0.0.1", Tcp(80, 40000, 0x11));
        byte[] lastAck = Ipv4(6, "10.0.0.1", "10.0.0.2", Tcp(40000, 80, 0x10));
        table.Observe(Classify(clientFin), t);
        table.Observe(Classify(serverFin), t + 1000);
        table.Observe(Classify(lastAck), t + 2000);
        table.Expire(t + Second / 2);
        Assert.Empty(sink.Records);
        table.Expire(t + 2 * Second);
        Assert.Equal(2, sink.Records.Count);
        Assert.Equal(2UL, sink.Records.Single(r => r.SourcePort == 40000).Packets);
        Assert.All(sink.Records, r => Assert.Equal(FlowEndReason.EndOfFlowDetected, r.EndReason));
        Assert.Equal(0, table.ActiveFlows);
    }

    [Fact]
    public void A_full_table_evicts_the_least_recently_seen_flow()
    {
        var (table, sink) = NewTable(new FlowAccountingOptions { MaxFlows = 2 });
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1, 2))), 1 * Second);
        table.Observe(Classify(Ipv4(17, "10.0.0.3", "10.0.0.4", Udp(1, 2))), 2 * Second);
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(1, 2))), 3 * Second);
        table.Observe(Classify(Ipv4(17, "10.0.0.5", "10.0.0.6", Udp(1, 2))), 4 * Second);
        FlowRecord evicted = Assert.Single(sink.Records);
        Assert.Equal(0x0A000003UL, evicted.SourceLow);
        Assert.Equal(FlowEndReason.LackOfResources, evicted.EndReason);
        Assert.Equal(1, table.FlowsEvicted);
        Assert.Equal(2, table.ActiveFlows);
        for (int i = 0; i < 1000; i++)
            table.Observe(Classify(Ipv4(17, "10.1.0.1", "10.2.0.1", Udp((ushort)i, 2))), (5 + i) * Second);
        Assert.Equal(2, table.ActiveFlows);
        Assert.Equal(1001, table.FlowsEvicted);
    }

    [Fact]
    public void Biflow_puts_the_first_sender_first()
    {
        var (table, sink) = NewTable(new FlowAccountingOptions { Biflow = true });
        table.Observe(Classify(Ipv4(17, "10.0.0.9", "10.0.0.1", Udp(5000, 53, 20))), Second);
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.9", Udp(53, 5000, 100))), 2 * Second);
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.9", Udp(53, 5000, 100))), 3 * Second);
        table.FlushAll();
        FlowRecord r = Assert.Single(sink.Records);
        Assert.True(r.HasReverse);
        Assert.Equal(0x0A000009UL, r.SourceLow);
        Assert.Equal((ushort)53, r.DestinationPort);
        Assert.Equal(1UL, r.Packets);
        Assert.Equal(2UL, r.ReversePackets);
        Assert.Equal(256UL, r.ReverseBytes);
        Assert.Equal(3000L, r.EndMilliseconds);
    }

    [Fact]
    public void Icmp_request_and_reply_are_separate_flows_as_in_softflowd()
    {
        var (table, sink) = NewTable();
        table.Observe(Classify(Ipv4(1, "10.0.0.1", "10.0.0.2", Icmp(8, 0))), Second);
        table.Observe(Classify(Ipv4(1, "10.0.0.2", "10.0.0.1", Icmp(0, 0))), Second + 100);
        table.FlushAll();
        Assert.Equal(2, sink.Records.Count);
        Assert.Contains(sink.Records, r => r.SourceLow == 0x0A000001 && r.DestinationPort == 0x0800 && r.IcmpTypeCode == 0x0800);
        Assert.Contains(sink.Records, r => r.SourceLow == 0x0A000002 && r.DestinationPort == 0);
    }

    [Fact]
    public void The_last_flow_shortcut_keys_exactly_as_a_built_key_does()
    {
        // softflowd orders the sides by address only: with one address on both sides, the two
        // directions of a port pair are two flows; with two addresses, one flow counted per side.
        var (table, sink) = NewTable();
        long t = 100 * Second;
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.1", Udp(1000, 2000))), t);
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.1", Udp(2000, 1000))), t + 1);
        Assert.Equal(2, table.ActiveFlows);
        table.Observe(Classify(Ipv4(17, "10.0.0.2", "10.0.0.1", Udp(1000, 2000))), t + 2);
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(2000, 1000))), t + 3);
        table.Observe(Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp(2000, 1000))), t + 4);
        table.Observe(Classify(Ipv4(6, "10.0.0.1", "10.0.0.2", Tcp(2000, 1000, 0x10))), t + 5);
        Assert.Equal(4, table.ActiveFlows);
        table.FlushAll();
        FlowRecord back = sink.Records.Single(r => r.Protocol == 17 && r.SourceLow == 0x0A000001UL && r.DestinationLow == 0x0A000002UL);
        Assert.Equal(2UL, back.Packets);
        Assert.Equal(1, sink.Records.Count(r => r.Protocol == 17 && r.SourceLow == 0x0A000002UL));
    }
}

public sealed class ExportFlowTableAllocationTests
{
    private sealed class Discard : IFlowRecordSink
    {
        public long Count;
        public void OnRecord(in FlowRecord record) => Count++;
    }

    [Fact]
    public void A_packet_of_a_known_flow_allocates_nothing()
    {
        var sink = new Discard();
        var table = new ExportFlowTable(new FlowAccountingOptions(), sink);
        ExportPacket[] packets = [.. Enumerable.Range(0, 64).Select(i => Classify(Ipv4(17, "10.0.0.1", "10.0.0.2", Udp((ushort)(1000 + i), 53))))];
        for (int i = 0; i < packets.Length; i++) table.Observe(packets[i], i);
        long time = 1000;
        // The least of three passes: a one-off charge on this thread under load shows in one pass only.
        long allocated = SockScope.TestSupport.Allocations.Least(() =>
        {
            for (int i = 0; i < 100_000; i++) table.Observe(packets[i & 63], time++);
        });
        Assert.Equal(0, allocated);
        Assert.Equal(64, table.ActiveFlows);
    }
}
