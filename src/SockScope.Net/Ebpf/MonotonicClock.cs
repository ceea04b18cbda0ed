using System.Diagnostics;

namespace SockScope.Net.Ebpf;

/// <summary>
/// Moves kernel timestamps of CLOCK_MONOTONIC (bpf_ktime_get_ns, tracefs with trace_clock=mono)
/// onto the wall clock the packets are stamped with. The offset is the tightest of a few
/// wall-clock reads bracketed by monotonic ones (Stopwatch is CLOCK_MONOTONIC on Linux), so that a
/// preemption between two reads cannot skew it, and it is taken again each second, so that a step
/// of the wall clock (NTP, date -s) moves it. Process attribution compares a socket call's time
/// with its packet's, and the socket watch prints it beside them: both read one clock.
/// </summary>
internal sealed class MonotonicClock
{
    private long _monotonicToWallTicks;
    private long _calibrated;

    /// <summary>Calibrated at once.</summary>
    public MonotonicClock() => Calibrate();

    /// <summary>The UTC time of a monotonic timestamp in nanoseconds.</summary>
    public DateTime ToUtc(ulong monotonicNanoseconds)
    {
        if (Stopwatch.GetTimestamp() - Volatile.Read(ref _calibrated) > Stopwatch.Frequency) Calibrate();
        return new DateTime(Volatile.Read(ref _monotonicToWallTicks) + (long)(monotonicNanoseconds / 100), DateTimeKind.Utc);
    }

    private void Calibrate()
    {
        double nsPerTick = 1e9 / Stopwatch.Frequency;
        long bestWidth = long.MaxValue, offset = 0;
        for (int i = 0; i < 5; i++)
        {
            long before = Stopwatch.GetTimestamp();
            long wall = DateTime.UtcNow.Ticks;
            long after = Stopwatch.GetTimestamp();
            if (after - before >= bestWidth) continue;
            bestWidth = after - before;
            long middleNs = (long)((before + (after - before) / 2.0) * nsPerTick);
            offset = wall - middleNs / 100;
        }
        Volatile.Write(ref _monotonicToWallTicks, offset);
        Volatile.Write(ref _calibrated, Stopwatch.GetTimestamp());
    }
}
