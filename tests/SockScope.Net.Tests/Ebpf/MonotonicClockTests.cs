using System.Diagnostics;
using SockScope.Net.Ebpf;

namespace SockScope.Net.Tests.Ebpf;

public class MonotonicClockTests
{
    [Fact]
    public void AMonotonicTimestampOfNowIsNowInUtc()
    {
        var clock = new MonotonicClock();
        ulong nowNs = (ulong)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        DateTime converted = clock.ToUtc(nowNs);
        Assert.Equal(DateTimeKind.Utc, converted.Kind);
        // Not a timing: the two clocks agree to well under this on any machine, loaded or not.
        Assert.InRange((DateTime.UtcNow - converted).TotalMilliseconds, -50, 50);
        // A timestamp a second later is a second later (a recalibration in between moves it by microseconds).
        Assert.InRange((clock.ToUtc(nowNs + 1_000_000_000) - converted - TimeSpan.FromSeconds(1)).TotalMilliseconds, -1, 1);
    }
}
