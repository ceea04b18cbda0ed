using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SockScope.Filter;
using SockScope.Net.Capture;
using SockScope.TestSupport;
using SockScope.Wire;

namespace SockScope.Net.Tests.Capture;

/// <summary>
/// LiveCapture.Open with a filter string: compiled for the interface's link type, run in the
/// kernel where it can be and by the capture itself where it cannot. Traffic: a bounded burst of
/// UDP datagrams to two ports of 127.0.0.1; the filter names the test's own port.
/// </summary>
public sealed class LiveCaptureFilterTests
{
    private const int Count = 10;

    private static ushort FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (ushort)((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static void SendTo(ushort wanted, ushort other)
    {
        using var sinkA = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sinkA.Bind(new IPEndPoint(IPAddress.Loopback, wanted));
        using var sinkB = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sinkB.Bind(new IPEndPoint(IPAddress.Loopback, other));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        byte[] payload = new byte[16];
        for (int i = 0; i < Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            sender.SendTo(payload, new IPEndPoint(IPAddress.Loopback, other));
            sender.SendTo(payload, new IPEndPoint(IPAddress.Loopback, wanted));
        }
    }

    private struct Ports : ICaptureHandler
    {
        public List<int> Destinations;
        public LinkType LinkType;

        public bool OnFrame(in CapturedFrame frame)
        {
            int ip = LinkType == LinkType.LinuxSll2 ? 20 : 14;
            Destinations.Add(BinaryPrimitives.ReadUInt16BigEndian(frame.Data[(ip + 22)..]));
            return true;
        }
    }

    private static List<int> Collect(ILiveCapture capture, int expected)
    {
        var ports = new Ports { Destinations = [], LinkType = capture.LinkType };
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (ports.Destinations.Count < expected && DateTime.UtcNow < deadline)
            capture.Dispatch(ref ports, TimeSpan.FromMilliseconds(100));
        capture.Dispatch(ref ports, TimeSpan.FromMilliseconds(50));   // anything more is a frame the filter should have refused
        return ports.Destinations;
    }

    private static CaptureOptions Options(string iface) =>
        new() { Interface = iface, Promiscuous = false, BlockTimeout = TimeSpan.FromMilliseconds(2) };

    [RootFact]
    public void A_filter_string_is_compiled_for_the_link_type_and_runs_in_the_kernel()
    {
        ushort wanted = FreePort(), other = FreePort();
        using ILiveCapture capture = LiveCapture.Open(Options("lo"), $"udp dst port {wanted}");
        Assert.Equal(LinkType.Ethernet, capture.LinkType);
        Assert.False(capture.FiltersInUserSpace);
        SendTo(wanted, other);
        List<int> ports = Collect(capture, Count);
        Assert.Equal(Count, ports.Count);
        Assert.All(ports, p => Assert.Equal(wanted, p));
    }

    [RootFact]
    public void What_the_kernel_cannot_run_on_any_the_capture_applies_itself()
    {
        // The frame length is 20 bytes longer than what the kernel's filter sees on a cooked socket:
        // `greater` cannot be rewritten, so every frame comes up and the capture filters it.
        ushort wanted = FreePort(), other = FreePort();
        using ILiveCapture capture = LiveCapture.Open(Options(CaptureOptions.AnyInterface), $"udp dst port {wanted} and greater 20");
        Assert.Equal(LinkType.LinuxSll2, capture.LinkType);
        Assert.True(capture.RequiresUserSpaceFilter);
        Assert.True(capture.FiltersInUserSpace);
        SendTo(wanted, other);
        List<int> ports = Collect(capture, Count);   // each loopback frame once: "any" drops the outgoing copy
        Assert.Equal(Count, ports.Count);
        Assert.All(ports, p => Assert.Equal(wanted, p));
    }

    [RootFact]
    public void A_typed_program_replaces_the_filter_of_a_running_capture()
    {
        ushort first = FreePort(), second = FreePort();
        using ILiveCapture capture = LiveCapture.Open(Options("lo"), $"udp dst port {first}");
        capture.SetFilter(FilterCompiler.Compile($"udp dst port {second}", capture.LinkType, capture.SnapLength, live: true));
        SendTo(second, first);
        List<int> ports = Collect(capture, Count);
        Assert.Equal(Count, ports.Count);
        Assert.All(ports, p => Assert.Equal(second, p));
    }

    [Fact]
    public void A_bad_expression_is_a_syntax_error_with_its_column()
    {
        // Compiled before any socket is opened, so no privilege is needed to see it.
        var e = Assert.Throws<FilterSyntaxException>(() => LiveCapture.Open(Options("lo"), "tcp port"));
        Assert.Equal("tcp port", e.Expression);
    }
}
