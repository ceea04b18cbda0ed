using SockScope.Net.Probing;

namespace SockScope.Net.Tests.Probing;

public class PingStatisticsTests
{
    [Fact]
    public void SummaryMatchesIputilsForTheSameTimes()
    {
        // iputils printed, for replies of 641, 54 and 50 us in 414 ms:
        //   3 packets transmitted, 3 received, 0% packet loss, time 414ms
        //   rtt min/avg/max/mdev = 0.050/0.248/0.641/0.277 ms
        var s = new PingStatistics();
        foreach (long t in new long[] { 641, 54, 50 })
        {
            s.OnTransmit();
            s.OnReply(t, duplicate: false);
        }
        Assert.Equal("3 packets transmitted, 3 received, 0% packet loss, time 414ms", s.SummaryLine(414));
        Assert.Equal("rtt min/avg/max/mdev = 0.050/0.248/0.641/0.277 ms", s.RoundTripLine(timing: true, flood: false, 414_000));
    }

    [Fact]
    public void ErrorsLossAndPipeAreWordedAsIputilsDoes()
    {
        var s = new PingStatistics();
        s.OnTransmit();
        s.OnTransmit();
        s.OnOutstanding(2);
        s.OnError();
        s.OnError();
        Assert.Equal("2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1017ms", s.SummaryLine(1017));
        Assert.Equal("pipe 2", s.RoundTripLine(true, false, 0));

        var third = new PingStatistics();
        for (int i = 0; i < 3; i++) third.OnTransmit();
        third.OnReply(100, false);
        Assert.Contains("66.6667% packet loss", third.SummaryLine(10));
        Assert.Equal("", new PingStatistics().RoundTripLine(true, false, 0));
    }

    [Fact]
    public void DuplicatesAreCountedApartFromReplies()
    {
        var s = new PingStatistics();
        s.OnTransmit();
        s.OnReply(10, false);
        s.OnReply(12, true);
        Assert.Equal("1 packets transmitted, 1 received, +1 duplicates, 0% packet loss, time 5ms", s.SummaryLine(5));
    }

    [Theory]
    [InlineData(50, "0.050")]
    [InlineData(999, "0.999")]
    [InlineData(1234, "1.23")]
    [InlineData(12345, "12.3")]
    [InlineData(2033911, "2034")]
    public void ReplyTimesUseIputilsPrecision(long microseconds, string expected) =>
        Assert.Equal(expected, PingStatistics.ReplyTime(microseconds));

    [Fact]
    public void FloodSummaryAddsIpgAndEwma()
    {
        var s = new PingStatistics();
        for (int i = 0; i < 3; i++)
        {
            s.OnTransmit();
            s.OnReply(8, false);
        }
        Assert.Equal("rtt min/avg/max/mdev = 0.008/0.008/0.008/0.000 ms, ipg/ewma 0.005/0.008 ms", s.RoundTripLine(true, true, 10));
    }
}
