using System.Net;
using SockScope.Net.Interop;
using SockScope.Net.Probing;
using SockScope.TestSupport;

namespace SockScope.Net.Tests.Probing;

public class PingerTests
{
    [Fact]
    public unsafe void InteropStructsHaveTheKernelsSizes()
    {
        // x86_64 and arm64 glibc: struct msghdr 56, cmsghdr 16, sock_extended_err 16, pollfd 8.
        Assert.Equal(56, sizeof(RawSocketInterop.MessageHeader));
        Assert.Equal(16, sizeof(RawSocketInterop.ControlMessageHeader));
        Assert.Equal(16, sizeof(RawSocketInterop.ExtendedError));
        Assert.Equal(8, sizeof(Poll.PollFd));
        Assert.Equal(24, RawSocketInterop.ControlSpace(4));
    }

    [RootFact]
    public async Task LoopbackRepliesAreTypedAndTimed()
    {
        foreach (IPAddress target in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            using var pinger = new Pinger(target, new PingerOptions { PayloadSize = 24 });
            Assert.Equal(PingSocketKind.Raw, pinger.SocketKind);
            for (int i = 1; i <= 3; i++)
            {
                PingResult r = await pinger.PingAsync(TimeSpan.FromSeconds(2));
                Assert.Equal(PingStatus.Success, r.Status);
                Assert.Equal(i, r.Sequence);
                Assert.Equal(target, r.From);
                Assert.Equal(32, r.Bytes);
                Assert.True(r.Ttl > 0);
                Assert.True(r.RoundTripTime > TimeSpan.Zero && r.RoundTripTime < TimeSpan.FromSeconds(2));
            }
        }
    }

    [RootFact]
    public async Task TwoPingersOnOneHostSeeOnlyTheirOwnReplies()
    {
        // Both raw sockets receive every echo reply on loopback; each must keep only its identifier's.
        using var a = new Pinger(IPAddress.Loopback);
        using var b = new Pinger(IPAddress.Loopback);
        Assert.NotEqual(a.Identifier, b.Identifier);
        var results = await Task.WhenAll(a.PingAsync(TimeSpan.FromSeconds(2)), b.PingAsync(TimeSpan.FromSeconds(2)),
            a.PingAsync(TimeSpan.FromSeconds(2)));
        Assert.All(results, r => Assert.Equal(PingStatus.Success, r.Status));
        Assert.Equal(new ushort[] { 1, 1, 2 }, results.Select(r => r.Sequence).Order().ToArray());
    }

    [RootFact]
    public void AnUnknownInterfaceIsATypedError()
    {
        var e = Assert.ThrowsAny<NetOperationException>(() => new Pinger(IPAddress.Loopback, new PingerOptions { Interface = "ssp-nosuch0" }));
        Assert.Contains("ssp-nosuch0", e.Message);
    }
}
