using System.Net;
using SockScope.Net.Probing;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Probing;

/// <summary>The public ping engine and source-address lookup; traffic: three pings of 127.0.0.1.</summary>
public sealed class PingSessionTests
{
    private sealed class Recorder : IPingObserver
    {
        public List<ushort> Sent { get; } = [];
        public List<ushort> Replies { get; } = [];
        public int Errors { get; private set; }

        public void OnSent(ushort sequence) => Sent.Add(sequence);
        public void OnSendFailed(ushort sequence, NetOperationException failure) => Errors++;
        public void OnReply(in IcmpEvent reply, long roundTripMicroseconds, bool duplicate) => Replies.Add(reply.Sequence);
        public void OnError(in IcmpEvent error) => Errors++;
        public void OnIdle(int milliseconds) { }
    }

    [RootFact]
    public void Pings_loopback_until_the_count_and_reports_each_event()
    {
        using IcmpSocket socket = IcmpSocket.Open(System.Net.Sockets.AddressFamily.InterNetwork);
        socket.Connect(IPAddress.Loopback);
        var session = new PingSession(socket, new PingSessionOptions { Count = 3, IntervalSeconds = 0.05, DeadlineSeconds = 10 });
        var recorder = new Recorder();
        PingStatistics stats = session.Run(recorder);
        Assert.Equal(3, stats.Received);
        Assert.Equal([1, 2, 3], recorder.Replies);
        Assert.Equal(recorder.Sent.Count, (int)stats.Transmitted);
        Assert.Equal(0, recorder.Errors);
        Assert.False(session.Failed);
        Assert.True(stats.MinimumMicroseconds <= stats.MaximumMicroseconds);
    }

    [Fact]
    public void A_cancelled_session_stops_before_sending()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        IcmpSocket socket;
        try { socket = IcmpSocket.Open(System.Net.Sockets.AddressFamily.InterNetwork); }
        catch (NetOperationException) { return; }   // neither raw nor ping sockets allowed here: nothing to run
        using (socket)
        {
            socket.Connect(IPAddress.Loopback);
            var session = new PingSession(socket);
            PingStatistics stats = session.Run(new Recorder(), cancelled.Token);
            Assert.Equal(0, stats.Transmitted);
            Assert.True(session.Failed);
        }
    }

    [Fact]
    public void The_source_towards_loopback_is_loopback_and_an_unknown_device_is_a_typed_error()
    {
        Assert.Equal(IPAddress.Loopback, SourceAddress.Towards(IPAddress.Loopback));
        Assert.Equal(IPAddress.IPv6Loopback, SourceAddress.Towards(IPAddress.IPv6Loopback, "lo"));
        var e = Assert.Throws<NetOperationException>(() => SourceAddress.Towards(IPAddress.Loopback, "ssna-none0"));
        Assert.Contains("ssna-none0", e.Message);
    }
}
