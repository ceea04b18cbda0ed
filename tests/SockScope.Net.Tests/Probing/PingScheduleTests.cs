using SockScope.Net.Probing;

namespace SockScope.Net.Tests.Probing;

/// <summary>The send clock of <see cref="PingSession"/>: iputils' schedule, computed without any clock.</summary>
public sealed class PingScheduleTests
{
    [Theory]
    [InlineData(0, 0, 1000, 1000)]         // on time: one interval later
    [InlineData(1000, 1060, 1000, 2000)]   // woke 60 us late: the next keeps the schedule (made up)
    [InlineData(1000, 1999, 1000, 2000)]   // almost an interval late: still the schedule
    [InlineData(1000, 2000, 1000, 3000)]   // a whole interval late: restart from now, no burst
    [InlineData(1000, 5000, 1000, 6000)]   // far behind: one probe now, the next an interval later
    [InlineData(0, 40, 0, 10_040)]         // flood: 10 ms without a reply
    public void Next_probe_follows_the_fixed_schedule_without_bursts(long due, long now, long interval, long expected) =>
        Assert.Equal(expected, PingSession.NextSend(due, now, interval));

    [Fact]
    public void A_thousand_probes_a_little_late_each_take_a_thousand_intervals()
    {
        long due = 0;
        for (int i = 0; i < 1000; i++)
            due = PingSession.NextSend(due, due + 70, 1000);   // every wake-up 70 us late
        Assert.Equal(1000 * 1000, due);
    }
}
