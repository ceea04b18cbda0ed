using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Capture;
using SockScope.Net.Interop;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Capture;

/// <summary>
/// Captures in this process on the loopback device while sending a bounded burst of UDP
/// datagrams to 127.0.0.1. A hand-assembled filter on the test's own port keeps other
/// loopback traffic (other tests, other engineers) out.
/// </summary>
public sealed class LoopbackCaptureTests
{
    private const int Count = 40;

    // ether proto ip and udp dst port P, for EN10MB (ip header offset 14) or LINUX_SLL2 (offset 20).
    private static SockFilter[] UdpPortFilter(int linkHeader, ushort port, bool cooked) =>
    [
        new(0x28, 0, 0, cooked ? 0u : 12u),                       // ldh [12] / [0]: EtherType
        new(0x15, 0, 5, 0x0800),                                   // jeq #0x800
        new(0x30, 0, 0, (uint)(linkHeader + 9)),                   // ldb [proto]
        new(0x15, 0, 3, 17),                                       // jeq #17
        new(0x28, 0, 0, (uint)(linkHeader + 22)),                  // ldh [dst port] (no IP options from our sender)
        new(0x15, 0, 1, port),                                     // jeq #port
        new(0x06, 0, 0, 262144),                                   // ret #262144
        new(0x06, 0, 0, 0),                                        // ret #0
    ];

    private static ushort FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (ushort)((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static void SendBurst(ushort port)
    {
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, port));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte[] payload = new byte[32];
        for (int i = 0; i < Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            sender.SendTo(payload, new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    private struct Collector : ICaptureHandler
    {
        public List<byte[]> Frames;
        public List<long> Timestamps;
        public bool OnFrame(in CapturedFrame frame)
        {
            Frames.Add(frame.Data.ToArray());
            Timestamps.Add(frame.TimestampNanoseconds);
            return true;
        }
    }

    private static (List<byte[]> Frames, List<long> Timestamps, CaptureStatistics Stats) CaptureBurst(string iface, bool cooked)
    {
        ushort port = FreePort();
        var options = new CaptureOptions { Interface = iface, Promiscuous = false, BlockTimeout = TimeSpan.FromMilliseconds(2) };
        using PacketSocketCapture capture = PacketSocketCapture.Open<SockFilter>(options, UdpPortFilter(cooked ? 20 : 14, port, cooked));
        Assert.Equal(cooked ? Wire.LinkType.LinuxSll2 : Wire.LinkType.Ethernet, capture.LinkType);
        SendBurst(port);
        var collector = new Collector { Frames = [], Timestamps = [] };
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (collector.Frames.Count < Count && DateTime.UtcNow < deadline)
            capture.Dispatch(ref collector, TimeSpan.FromMilliseconds(100));
        // Anything more would be a duplicate or a frame the filter should have refused.
        capture.Dispatch(ref collector, TimeSpan.FromMilliseconds(50));
        return (collector.Frames, collector.Timestamps, capture.ReadStatistics());
    }

    [RootFact]
    public void Loopback_capture_gets_each_datagram_once_through_the_kernel_filter()
    {
        (List<byte[]> frames, List<long> timestamps, CaptureStatistics stats) = CaptureBurst("lo", cooked: false);
        Assert.Equal(Count, frames.Count);
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(14 + 20 + 8 + 32, frames[i].Length);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(frames[i].AsSpan(42)));
        }
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        Assert.All(timestamps, t => Assert.InRange(t, now - 60_000_000_000L, now + 1_000_000_000L));
        // Both copies of each loopback datagram pass the kernel filter; the outgoing one is dropped here.
        Assert.Equal(2 * Count, stats.ReceivedByFilter);
        Assert.Equal(0, stats.DroppedByKernel);
        Assert.Equal(Count, stats.Captured);
    }

    [RootFact]
    public void Any_device_capture_rewrites_the_cooked_filter_and_builds_sll2_headers()
    {
        (List<byte[]> frames, _, CaptureStatistics stats) = CaptureBurst("any", cooked: true);
        Assert.Equal(Count, frames.Count);
        int lo = NetworkInterfaces.Find("lo").Index;
        for (int i = 0; i < Count; i++)
        {
            byte[] f = frames[i];
            Assert.Equal(20 + 20 + 8 + 32, f.Length);
            Assert.Equal(0x0800, BinaryPrimitives.ReadUInt16BigEndian(f));
            Assert.Equal(lo, BinaryPrimitives.ReadInt32BigEndian(f.AsSpan(4)));
            Assert.Equal(772, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(8)));
            Assert.Equal((byte)PacketDirection.Host, f[10]);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(f.AsSpan(48)));
        }
        Assert.Equal(2 * Count, stats.ReceivedByFilter);
    }

    [RootFact]
    public async Task Owned_packets_arrive_through_the_async_stream()
    {
        ushort port = FreePort();
        var options = new CaptureOptions { Interface = "lo", Promiscuous = false, BlockTimeout = TimeSpan.FromMilliseconds(2) };
        using PacketSocketCapture capture = PacketSocketCapture.Open<SockFilter>(options, UdpPortFilter(14, port, cooked: false));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var packets = new List<Wire.CapturedPacket>();
        Task send = Task.Run(() => SendBurst(port));
        await foreach (Wire.CapturedPacket p in capture.ReadPacketsAsync(timeout.Token))
        {
            packets.Add(p);
            if (packets.Count == Count) break;
        }
        await send;
        Assert.Equal(Count, packets.Count);
        Assert.All(packets, p => Assert.Equal(Wire.LinkType.Ethernet, p.LinkType));
        Assert.Equal(Enumerable.Range(0, Count), packets.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Data.Span[42..])));
    }

    [RootFact]
    public void A_fanout_group_shares_the_packets_between_its_readers()
    {
        ushort port = FreePort();
        ushort group = (ushort)Random.Shared.Next(1000, 60000);
        CaptureOptions Options() => new()
        {
            Interface = "lo", Promiscuous = false, BlockTimeout = TimeSpan.FromMilliseconds(2),
            FanoutGroup = group, FanoutMode = FanoutMode.Random,
        };
        using PacketSocketCapture first = PacketSocketCapture.Open<SockFilter>(Options(), UdpPortFilter(14, port, cooked: false));
        using PacketSocketCapture second = PacketSocketCapture.Open<SockFilter>(Options(), UdpPortFilter(14, port, cooked: false));
        SendBurst(port);
        var a = new Collector { Frames = [], Timestamps = [] };
        var b = new Collector { Frames = [], Timestamps = [] };
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (a.Frames.Count + b.Frames.Count < Count && DateTime.UtcNow < deadline)
        {
            first.Dispatch(ref a, TimeSpan.FromMilliseconds(20));
            second.Dispatch(ref b, TimeSpan.FromMilliseconds(20));
        }
        first.Dispatch(ref a, TimeSpan.FromMilliseconds(20));
        second.Dispatch(ref b, TimeSpan.FromMilliseconds(20));
        // Spread at random (round robin would hand every outgoing loopback copy to one reader): each gets some, together all, none twice.
        Assert.NotEmpty(a.Frames);
        Assert.NotEmpty(b.Frames);
        Assert.Equal(Enumerable.Range(0, Count),
            a.Frames.Concat(b.Frames).Select(f => BinaryPrimitives.ReadInt32BigEndian(f.AsSpan(42))).Order());
    }

    [RootFact]
    public void Unknown_interface_names_the_known_ones()
    {
        var e = Assert.Throws<UnknownInterfaceException>(() => PacketSocketCapture.Open(new CaptureOptions { Interface = "ssc-nope0" }));
        Assert.Contains("no such interface 'ssc-nope0'", e.Message);
        Assert.Contains("lo", e.Message);
        Assert.Contains("any", e.Message);
    }
}
