namespace SockScope.Net.Probing;

/// <summary>
/// Counts and round-trip times of a ping run, summarised the way iputils ping does: times kept in
/// whole microseconds, average and mean deviation by integer arithmetic, loss as %g, and the
/// exponentially weighted average it prints as "ewma" in flood mode.
/// </summary>
public sealed class PingStatistics
{
    private long _sumMicroseconds;
    private double _sumSquares;
    private long _ewma8;   // eight times the weighted average, in microseconds, as iputils keeps it

    /// <summary>Echo requests sent.</summary>
    public long Transmitted { get; private set; }
    /// <summary>Distinct echo replies received (duplicates not counted).</summary>
    public long Received { get; private set; }
    /// <summary>Replies to a sequence already answered.</summary>
    public long Duplicates { get; private set; }
    /// <summary>ICMP errors quoting our probes.</summary>
    public long Errors { get; private set; }
    /// <summary>The shortest round trip in microseconds (long.MaxValue before the first reply).</summary>
    public long MinimumMicroseconds { get; private set; } = long.MaxValue;
    /// <summary>The longest round trip in microseconds.</summary>
    public long MaximumMicroseconds { get; private set; }
    /// <summary>Most probes in flight at once ("pipe N" in the summary when above 1).</summary>
    public int Pipe { get; private set; }

    /// <summary>Counts one probe sent.</summary>
    public void OnTransmit() => Transmitted++;

    /// <summary>Counts one ICMP error.</summary>
    public void OnError() => Errors++;

    /// <summary>Records the number of probes without an answer, for the pipe size.</summary>
    public void OnOutstanding(int outstanding) => Pipe = Math.Max(Pipe, outstanding);

    /// <summary>Counts one reply and its round trip (duplicates count in the timing, not in <see cref="Received"/>).</summary>
    public void OnReply(long roundTripMicroseconds, bool duplicate)
    {
        if (duplicate) Duplicates++;
        else Received++;
        long t = Math.Max(0, roundTripMicroseconds);
        _sumMicroseconds += t;
        _sumSquares += (double)t * t;
        if (t < MinimumMicroseconds) MinimumMicroseconds = t;
        if (t > MaximumMicroseconds) MaximumMicroseconds = t;
        _ewma8 = _ewma8 == 0 ? t * 8 : _ewma8 + t - _ewma8 / 8;
    }

    /// <summary>Replies whose round trip was measured (received plus duplicates).</summary>
    public long TimedReplies => Received + Duplicates;

    /// <summary>The mean round trip in microseconds.</summary>
    public long AverageMicroseconds => TimedReplies == 0 ? 0 : _sumMicroseconds / TimedReplies;

    /// <summary>sqrt(mean of squares - square of mean), as iputils computes it.</summary>
    public long MeanDeviationMicroseconds
    {
        get
        {
            if (TimedReplies == 0) return 0;
            long mean = _sumMicroseconds / TimedReplies;
            double meanSquares = _sumSquares / TimedReplies;
            double variance = meanSquares - (double)mean * mean;
            return variance <= 0 ? 0 : (long)Math.Sqrt(variance);
        }
    }

    /// <summary>iputils' weighted moving average of the round trip (ewma in the flood summary), microseconds.</summary>
    public long EwmaMicroseconds => _ewma8 / 8;

    /// <summary>Loss in percent, or 0 when nothing was sent.</summary>
    public float LossPercent => Transmitted == 0 ? 0 : (float)((Transmitted - Received) * 100.0 / Transmitted);

    /// <summary>Microseconds as iputils prints them: "12.345".</summary>
    public static string Milliseconds(long microseconds) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{microseconds / 1000}.{microseconds % 1000:D3}");

    /// <summary>A reply's time as iputils prints it: 3 decimals below 1 ms, 2 below 10 ms, 1 below 100 ms, none above.</summary>
    public static string ReplyTime(long t)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (t >= 100000 - 50) return string.Create(c, $"{(t + 500) / 1000}");
        if (t >= 10000 - 5) return string.Create(c, $"{(t + 50) / 1000}.{(t + 50) % 1000 / 100}");
        if (t >= 1000) return string.Create(c, $"{(t + 5) / 1000}.{(t + 5) % 1000 / 10:D2}");
        return string.Create(c, $"{t / 1000}.{t % 1000:D3}");
    }

    /// <summary>"4 packets transmitted, 4 received, 0% packet loss, time 3004ms".</summary>
    public string SummaryLine(long elapsedMilliseconds)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var s = new System.Text.StringBuilder();
        s.Append(c, $"{Transmitted} packets transmitted, {Received} received");
        if (Duplicates > 0) s.Append(c, $", +{Duplicates} duplicates");
        if (Errors > 0) s.Append(c, $", +{Errors} errors");
        if (Transmitted > 0)
            s.Append(c, $", {LossPercent.ToString("G6", c)}% packet loss, time {elapsedMilliseconds}ms");
        return s.ToString();
    }

    /// <summary>
    /// The line after the summary: rtt figures (when timed replies arrived), "pipe N" when more
    /// than one probe was in flight, and ipg/ewma in flood mode. Empty when there is none of these,
    /// which iputils prints as an empty line.
    /// </summary>
    public string RoundTripLine(bool timing, bool flood, long elapsedMicroseconds)
    {
        var s = new System.Text.StringBuilder();
        string comma = "";
        if (TimedReplies > 0 && timing)
        {
            s.Append("rtt min/avg/max/mdev = ")
             .Append(Milliseconds(MinimumMicroseconds)).Append('/')
             .Append(Milliseconds(AverageMicroseconds)).Append('/')
             .Append(Milliseconds(MaximumMicroseconds)).Append('/')
             .Append(Milliseconds(MeanDeviationMicroseconds)).Append(" ms");
            comma = ", ";
        }
        if (Pipe > 1)
        {
            s.Append(comma).Append("pipe ").Append(Pipe.ToString(System.Globalization.CultureInfo.InvariantCulture));
            comma = ", ";
        }
        if (Received > 0 && flood && Transmitted > 1)
        {
            long ipg = elapsedMicroseconds / (Transmitted - 1);
            s.Append(comma).Append("ipg/ewma ").Append(Milliseconds(ipg)).Append('/').Append(Milliseconds(EwmaMicroseconds)).Append(" ms");
        }
        return s.ToString();
    }
}
