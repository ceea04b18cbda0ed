using System.Net;
using System.Net.Sockets;
using SockScope.Net.Capture;
using SockScope.Net.Interop;
using SockScope.TestSupport;
using SockScope.Wire;

namespace SockScope.Net.Tests.Capture;

/// <summary>
/// A capture stopped from another thread while <see cref="CapturedPacketStream.ReadPacketsAsync"/>
/// reads it: the ring must not be read after it is unmapped (that would end the process with
/// SIGSEGV); the reader sees <see cref="ObjectDisposedException"/> instead.
/// </summary>
public sealed class CaptureDisposeTests
{
    [RootFact]
    public async Task Disposing_during_ReadPacketsAsync_throws_ObjectDisposedException()
    {
        // Several rounds, disposing at different moments: while the reader holds a block, or polls.
        for (int round = 0; round < 4; round++)
        {
            using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)sink.LocalEndPoint!).Port;
            var options = new CaptureOptions { Interface = "lo", Promiscuous = false, BlockTimeout = TimeSpan.FromMilliseconds(1) };
            PacketSocketCapture capture = PacketSocketCapture.Open<SockFilter>(options, UdpToPort(port));
            using var stopSending = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Task sender = Task.Run(() => SendUntil(port, stopSending.Token));
            int received = 0;
            Exception? thrown = null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await foreach (CapturedPacket packet in capture.ReadPacketsAsync(timeout.Token))
                {
                    if (++received == 1 + round * 50)
                        _ = Task.Run(capture.Dispose);   // from another thread, while the reader keeps going
                }
            }
            catch (Exception e)
            {
                thrown = e;
            }
            finally
            {
                stopSending.Cancel();
                await sender;
                capture.Dispose();
            }
            Assert.True(received > round * 50, $"round {round}: only {received} packets before the end");
            Assert.IsType<ObjectDisposedException>(thrown);
        }
    }

    [RootFact]
    public void Dispatch_after_dispose_throws_ObjectDisposedException()
    {
        var options = new CaptureOptions { Interface = "lo", Promiscuous = false };
        PacketSocketCapture capture = PacketSocketCapture.Open(options);
        capture.Dispose();
        var handler = new Ignore();
        Assert.Throws<ObjectDisposedException>(() => capture.Dispatch(ref handler, TimeSpan.FromMilliseconds(10)));
    }

    private struct Ignore : ICaptureHandler
    {
        public readonly bool OnFrame(in CapturedFrame frame) => true;
    }

    // ether proto ip and udp dst port P on EN10MB (lo has an Ethernet header).
    private static SockFilter[] UdpToPort(int port) =>
    [
        new(0x28, 0, 0, 12),
        new(0x15, 0, 5, 0x0800),
        new(0x30, 0, 0, 14 + 9),
        new(0x15, 0, 3, 17),
        new(0x28, 0, 0, 14 + 22),
        new(0x15, 0, 1, (uint)port),
        new(0x06, 0, 0, 262144),
        new(0x06, 0, 0, 0),
    ];

    /// <summary>Bounded: at most 200,000 datagrams and until cancelled (10 s at most).</summary>
    private static void SendUntil(int port, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        byte[] payload = new byte[64];
        for (int i = 0; i < 200_000 && !stop.IsCancellationRequested; i++)
        {
            socket.SendTo(payload, target);
            if ((i & 255) == 255) Thread.Sleep(1);
        }
    }
}
