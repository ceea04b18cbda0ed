using System.Diagnostics;
using SockScope.Files;
using SockScope.Wire;

namespace SockScope.Net.Injection;

/// <summary>How fast a capture is replayed.</summary>
public enum ReplayPacing
{
    /// <summary>The gaps between the capture's timestamps, scaled by <see cref="ReplayOptions.Multiplier"/>.</summary>
    Recorded,
    /// <summary>As fast as the socket takes them.</summary>
    TopSpeed,
    /// <summary>A fixed rate of <see cref="ReplayOptions.PacketsPerSecond"/>.</summary>
    FixedRate,
}

/// <summary>How <see cref="CaptureReplayer.Replay"/> paces and limits a replay.</summary>
public sealed record ReplayOptions
{
    /// <summary>The pacing mode; <see cref="ReplayPacing.Recorded"/> by default.</summary>
    public ReplayPacing Pacing { get; init; } = ReplayPacing.Recorded;
    /// <summary>The speed factor for <see cref="ReplayPacing.Recorded"/>: 2.0 replays twice as fast as captured, 0.5 at half speed; must be above 0.</summary>
    public double Multiplier { get; init; } = 1.0;
    /// <summary>Packets per second for <see cref="ReplayPacing.FixedRate"/>; must be above 0 in that mode.</summary>
    public double PacketsPerSecond { get; init; }
    /// <summary>Stop after this many packets (0 = all).</summary>
    public long Limit { get; init; }
}

/// <summary>What a replay did, in tcpreplay's terms.</summary>
public readonly record struct ReplayResult(long Sent, long Failed, long Truncated, long Bytes, TimeSpan Elapsed, string? LastError);

/// <summary>
/// Sends a capture's frames out of an interface, like tcpreplay: Ethernet captures frame by frame
/// on a packet socket, paced by the recorded gaps, a multiplier, a fixed rate or top speed.
/// A frame the interface refuses (larger than the MTU, say) is counted as failed and the replay goes on.
/// </summary>
public static class CaptureReplayer
{
    /// <summary>Sends every frame of <paramref name="reader"/> (from its current position) through <paramref name="sender"/>, paced as <paramref name="options"/> say.</summary>
    /// <param name="reader">An Ethernet (DLT_EN10MB) capture.</param>
    /// <param name="sender">The packet socket of the interface to send on.</param>
    /// <param name="options">Pacing and limit; the defaults replay at recorded speed.</param>
    /// <param name="cancellationToken">Stops the replay between frames; what was sent so far is returned.</param>
    /// <returns>The counts of sent, failed and truncated frames (a truncated frame is sent as captured), bytes sent, elapsed time and the last send error.</returns>
    /// <exception cref="NotSupportedException">When the capture's link type is not Ethernet.</exception>
    /// <exception cref="ArgumentException">When the multiplier or rate is not above 0 for its mode.</exception>
    public static ReplayResult Replay(CaptureFileReader reader, PacketSocketSender sender, ReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReplayOptions();
        if (reader.LinkType != LinkType.Ethernet)
            throw new NotSupportedException($"replay sends Ethernet frames; this capture's link type is {reader.LinkType}");
        if (options.Pacing == ReplayPacing.FixedRate && options.PacketsPerSecond <= 0)
            throw new ArgumentException("a fixed rate needs packets per second above 0", nameof(options));
        if (options.Pacing == ReplayPacing.Recorded && options.Multiplier <= 0)
            throw new ArgumentException("the multiplier must be above 0", nameof(options));

        long sent = 0, failed = 0, truncated = 0, bytes = 0;
        string? lastError = null;
        long firstTimestamp = long.MinValue;
        var clock = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && (options.Limit == 0 || sent + failed < options.Limit) && reader.TryRead(out CaptureRecord record))
        {
            if (firstTimestamp == long.MinValue) firstTimestamp = record.TimestampNanoseconds;
            double dueSeconds = options.Pacing switch
            {
                ReplayPacing.Recorded => (record.TimestampNanoseconds - firstTimestamp) / 1e9 / options.Multiplier,
                ReplayPacing.FixedRate => (sent + failed) / options.PacketsPerSecond,
                _ => 0,
            };
            WaitUntil(clock, dueSeconds, cancellationToken);
            if (record.Data.Length < record.OriginalLength) truncated++;
            try
            {
                sender.Send(record.Data);
                sent++;
                bytes += record.Data.Length;
            }
            catch (NetOperationException e)
            {
                failed++;
                lastError = e.Message;
            }
        }
        return new ReplayResult(sent, failed, truncated, bytes, clock.Elapsed, lastError);
    }

    /// <summary>Sleeps while the wait is long, then spins the last stretch: a sleep alone is late by a millisecond or more.</summary>
    private static void WaitUntil(Stopwatch clock, double dueSeconds, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            double remaining = dueSeconds - clock.Elapsed.TotalSeconds;
            if (remaining <= 0) return;
            if (remaining > 0.002) Thread.Sleep(TimeSpan.FromSeconds(Math.Min(remaining - 0.001, 0.1)));
            else Thread.SpinWait(50);
        }
    }
}
