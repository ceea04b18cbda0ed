using System.Buffers.Binary;
using SockScope.Net.Capture;
using SockScope.Net.Interop;

namespace SockScope.Net.Tests.Capture;

public sealed class PacketRingTests
{
    private static byte[] EthernetFrame(int length, byte seed = 1)
    {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) frame[i] = (byte)(seed + i);
        frame[12] = 0x08;
        frame[13] = 0x00;
        return frame;
    }

    [Fact]
    public void No_block_until_the_kernel_hands_one_over()
    {
        using var ring = new SyntheticRing(4096, 4);
        ring.AddFrame(0, EthernetFrame(60));
        Assert.False(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out _));
    }

    [Fact]
    public void Frames_come_out_in_order_with_lengths_and_timestamps()
    {
        using var ring = new SyntheticRing(8192, 4);
        byte[] a = EthernetFrame(60, 1), b = EthernetFrame(98, 7), c = EthernetFrame(1514, 9);
        ring.AddFrame(0, a, nanoseconds: 1);
        ring.AddFrame(0, b, nanoseconds: 2);
        ring.AddFrame(0, c, wireLength: 1514, nanoseconds: 3);
        ring.Retire(0, sequence: 42);

        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        var seen = new List<(byte[] Data, int Length, long Ts)>();
        using (block)
        {
            Assert.Equal(3, block.PacketCount);
            Assert.Equal(42, block.SequenceNumber);
            foreach (CapturedFrame f in block)
                seen.Add((f.Data.ToArray(), f.OriginalLength, f.TimestampNanoseconds));
        }
        Assert.Equal([a, b, c], seen.Select(s => s.Data));
        Assert.Equal([60, 98, 1514], seen.Select(s => s.Length));
        Assert.Equal([1_700_000_000_000_000_001L, 1_700_000_000_000_000_002L, 1_700_000_000_000_000_003L], seen.Select(s => s.Ts));
        Assert.Equal(3, ring.Ring.Captured);
    }

    [Fact]
    public void Disposing_a_block_gives_it_back_and_moves_to_the_next()
    {
        using var ring = new SyntheticRing(4096, 2);
        ring.AddFrame(0, EthernetFrame(60));
        ring.Retire(0);
        ring.AddFrame(1, EthernetFrame(61));
        ring.Retire(1);

        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock first));
        Assert.Throws<InvalidOperationException>(() => ring.Ring.TryAcquireBlock(TimeSpan.Zero, out _));
        first.Dispose();
        Assert.Equal(PacketSocketOptions.TP_STATUS_KERNEL, ring.Status(0));
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock second));
        int length = 0;
        foreach (CapturedFrame f in second) length = f.Data.Length;
        second.Dispose();
        Assert.Equal(61, length);
        Assert.False(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out _));   // wrapped round to block 0, which is the kernel's again
    }

    [Fact]
    public void Snap_length_cuts_the_data_not_the_original_length()
    {
        using var ring = new SyntheticRing(8192, 2, snapLength: 96);
        ring.AddFrame(0, EthernetFrame(1000));
        ring.Retire(0);
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        using (block)
            foreach (CapturedFrame f in block)
            {
                Assert.Equal(96, f.Data.Length);
                Assert.Equal(1000, f.OriginalLength);
                Assert.True(f.IsTruncated);
            }
    }

    [Fact]
    public void A_stripped_vlan_tag_is_put_back_after_the_mac_addresses()
    {
        using var ring = new SyntheticRing(4096, 2);
        byte[] untagged = EthernetFrame(64);
        ring.AddFrame(0, untagged, vlanTci: 0x2064);
        ring.Retire(0);
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        using (block)
            foreach (CapturedFrame f in block)
            {
                byte[] d = f.Data.ToArray();
                Assert.Equal(68, d.Length);
                Assert.Equal(68, f.OriginalLength);
                Assert.Equal(untagged[..12], d[..12]);
                Assert.Equal(0x8100, BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(12)));
                Assert.Equal(0x2064, BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(14)));
                Assert.Equal(untagged[12..], d[16..]);
                Assert.Equal(0x2064, f.VlanTci);
            }
    }

    [Fact]
    public void The_any_device_gets_a_linux_sll2_header()
    {
        using var ring = new SyntheticRing(4096, 2, cooked: true);
        byte[] ip = [0x45, 0, 0, 20, 0, 0, 0, 0, 64, 1, 0, 0, 10, 91, 0, 1, 10, 91, 0, 2];
        ring.AddFrame(0, ip, type: PacketDirection.Outgoing, ifindex: 7, hatype: 1, protocol: 0x0800);
        ring.Retire(0);
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        using (block)
            foreach (CapturedFrame f in block)
            {
                byte[] d = f.Data.ToArray();
                Assert.Equal(40, d.Length);
                Assert.Equal(40, f.OriginalLength);
                Assert.Equal(
                    [0x08, 0x00, 0, 0, 0, 0, 0, 7, 0, 1, 4, 6, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0, 0],
                    d[..20]);
                Assert.Equal(ip, d[20..]);
                Assert.Equal(PacketDirection.Outgoing, f.Direction);
                Assert.Equal(7, f.InterfaceIndex);
            }
    }

    [Fact]
    public void A_vlan_tag_on_the_any_device_follows_the_cooked_header()
    {
        using var ring = new SyntheticRing(4096, 2, cooked: true);
        byte[] ip = new byte[20];
        ip[0] = 0x45;
        ring.AddFrame(0, ip, protocol: 0x0800, vlanTci: 5);
        ring.Retire(0);
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        using (block)
            foreach (CapturedFrame f in block)
            {
                byte[] d = f.Data.ToArray();
                Assert.Equal(44, d.Length);
                Assert.Equal(0x8100, BinaryPrimitives.ReadUInt16BigEndian(d));
                Assert.Equal(5, BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(20)));
                Assert.Equal(0x0800, BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(22)));
                Assert.Equal(ip, d[24..]);
            }
    }

    [Theory]
    [InlineData(CaptureDirection.InOut, 3)]
    [InlineData(CaptureDirection.In, 2)]
    [InlineData(CaptureDirection.Out, 1)]
    public void Direction_keeps_what_Q_asks_for(CaptureDirection direction, int expected)
    {
        using var ring = new SyntheticRing(8192, 2, direction: direction);
        ring.AddFrame(0, EthernetFrame(60), type: PacketDirection.Host);
        ring.AddFrame(0, EthernetFrame(60), type: PacketDirection.Outgoing);
        ring.AddFrame(0, EthernetFrame(60), type: PacketDirection.Broadcast);
        ring.Retire(0);
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        int n = 0;
        using (block)
            foreach (CapturedFrame f in block) n++;
        Assert.Equal(expected, n);
    }

    [Fact]
    public void The_outgoing_copy_on_a_loopback_device_is_dropped_on_any()
    {
        using var ring = new SyntheticRing(8192, 2, cooked: true, loopback: LoopbackOutgoing.DropOnLoopbackDevices);
        byte[] ip = new byte[20];
        ring.AddFrame(0, ip, type: PacketDirection.Outgoing, hatype: 772);   // lo, leaving
        ring.AddFrame(0, ip, type: PacketDirection.Host, hatype: 772);       // lo, coming back
        ring.AddFrame(0, ip, type: PacketDirection.Outgoing, hatype: 1);     // an Ethernet device, leaving
        ring.Retire(0);
        Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
        var kept = new List<(PacketDirection, int)>();
        using (block)
            foreach (CapturedFrame f in block) kept.Add((f.Direction, BinaryPrimitives.ReadUInt16BigEndian(f.Data[8..])));
        Assert.Equal([(PacketDirection.Host, 772), (PacketDirection.Outgoing, 1)], kept);
    }

    [Fact]
    public void Reading_a_block_allocates_nothing_per_frame()
    {
        using var ring = new SyntheticRing(64 * 1024, 2);
        byte[] frame = EthernetFrame(60);
        for (int i = 0; i < 300; i++) ring.AddFrame(0, frame);
        ring.Retire(0);
        long sum = 0;
        // Warm up the code path (JIT, tiering) on the same block, then the least of the next passes.
        long least = long.MaxValue;
        for (int pass = 0; pass < 4; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock block));
            using (block)
                foreach (CapturedFrame f in block) sum += f.Data.Length + f.OriginalLength;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (pass > 0) least = Math.Min(least, allocated);
            ring.Retire(0);   // hand the same block over again
            ring.Retire(1);
            Assert.True(ring.Ring.TryAcquireBlock(TimeSpan.Zero, out RingBlock other));
            other.Dispose();
        }
        Assert.Equal(0, least);
        Assert.Equal(4 * 300 * 120, sum);
    }

    [Theory]
    [InlineData(4 * 1024 * 1024, 0, 262144, 128 * 1024, 32)]
    [InlineData(2 * 1024 * 1024, 0, 262144, 128 * 1024, 16)]
    [InlineData(256 * 1024, 0, 96, 32 * 1024, 8)]
    [InlineData(256 * 1024, 8192, 96, 8192, 32)]
    [InlineData(64 * 1024, 0, 262144, 128 * 1024, 2)]
    public void Ring_geometry_keeps_enough_blocks_and_room_for_a_frame(int ring, int block, int snap, int expectedBlock, int expectedCount)
    {
        (int size, int count) = PacketSocketCapture.RingGeometry(ring, block, snap, 4);
        Assert.Equal(expectedBlock, size);
        Assert.Equal(expectedCount, count);
        Assert.Equal(0, size % 4096);
    }
}
