using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Net.Capture;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Capture;

public sealed class RawIpCaptureTests
{
    private struct PortCollector : ICaptureHandler
    {
        public ushort Port;
        public List<byte[]> Mine;
        public bool OnFrame(in CapturedFrame frame)
        {
            ReadOnlySpan<byte> d = frame.Data;
            int ihl = (d[0] & 0x0F) * 4;
            if (d.Length >= ihl + 8 && BinaryPrimitives.ReadUInt16BigEndian(d[(ihl + 2)..]) == Port)
                Mine.Add(d.ToArray());
            return true;
        }
    }

    [RootFact]
    public void Raw_udp_socket_sees_whole_ipv4_datagrams()
    {
        using RawIpCapture capture = RawIpCapture.Open(AddressFamily.InterNetwork, ProtocolType.Udp);
        Assert.Equal(Wire.LinkType.Raw, capture.LinkType);
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        ushort port = (ushort)((IPEndPoint)sink.LocalEndPoint!).Port;
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        // A raw UDP socket sees every UDP datagram on the host, so a test flooding UDP in parallel can
        // fill its receive buffer and drop ours: datagrams not seen yet are sent again until the deadline.
        var collector = new PortCollector { Port = port, Mine = [] };
        var seen = new byte[]?[5];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (seen.Any(d => d is null) && DateTime.UtcNow < deadline)
        {
            for (int i = 0; i < seen.Length; i++)
                if (seen[i] is null)
                    sender.SendTo(new byte[] { (byte)i, 1, 2, 3 }, new IPEndPoint(IPAddress.Loopback, port));
            DateTime resendAt = DateTime.UtcNow.AddMilliseconds(500);
            while (seen.Any(d => d is null) && DateTime.UtcNow < resendAt)
            {
                capture.Dispatch(ref collector, TimeSpan.FromMilliseconds(100));
                foreach (byte[] d in collector.Mine)
                    if (d.Length > 28 && d[28] < seen.Length)
                        seen[d[28]] ??= d;
            }
        }
        for (int i = 0; i < seen.Length; i++)
        {
            byte[] d = seen[i] ?? throw new Xunit.Sdk.XunitException($"datagram {i} never seen by the raw socket");
            Assert.Equal(0x45, d[0]);
            Assert.Equal(32, d.Length);
            Assert.Equal((byte)i, d[28]);
        }
        Assert.False(capture.ReadStatistics().HasKernelCounters);
    }

    [Fact]
    public void Receive_all_is_refused_off_windows_with_the_reason()
    {
        if (OperatingSystem.IsWindows()) return;
        var e = Assert.Throws<PlatformNotSupportedException>(() => RawIpCapture.OpenReceiveAll(IPAddress.Loopback, "lo"));
        Assert.Contains("SIO_RCVALL", e.Message);
        Assert.Equal([1, 0, 0, 0], RawIpCapture.ReceiveAllOn);
    }
}
