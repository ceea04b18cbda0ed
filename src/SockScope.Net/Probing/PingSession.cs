using System.Diagnostics;

namespace SockScope.Net.Probing;

/// <summary>
/// The ping engine with iputils' timing rules: one connected <see cref="IcmpSocket"/>, probes paced
/// by <see cref="PingSessionOptions"/>, replies matched to sequence numbers (duplicates flagged),
/// the pipe and round-trip statistics kept in <see cref="Statistics"/>. It prints nothing: an
/// <see cref="IPingObserver"/> sees every event. <c>sockscope ping</c> is this class plus output.
/// <code>
/// using IcmpSocket socket = IcmpSocket.Open(target.AddressFamily);
/// socket.Connect(target);
/// var session = new PingSession(socket, new PingSessionOptions { Count = 3, IntervalSeconds = 0.2 });
/// PingStatistics stats = session.Run(observer, cancellationToken);
/// </code>
/// </summary>
public sealed class PingSession
{
    private readonly IcmpSocket _socket;
    private readonly PingSessionOptions _options;
    private readonly long[] _sentTicks = new long[65536];
    private readonly ulong[] _answered = new ulong[65536 / 64];

    /// <summary>A session over a socket the caller opened and connected (and disposes).</summary>
    public PingSession(IcmpSocket socket, PingSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _options = options ?? new PingSessionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.PayloadSize);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.IntervalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.LingerSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.DeadlineSeconds);
    }

    /// <summary>Counts and round trips so far (complete once <see cref="Run"/> returns).</summary>
    public PingStatistics Statistics { get; } = new();

    /// <summary>Microseconds from the first probe to the end of <see cref="Run"/> (iputils' "time").</summary>
    public long ElapsedMicroseconds { get; private set; }

    /// <summary>True when the payload is large enough to carry a timestamp, so round trips are shown.</summary>
    public bool Timing => _options.PayloadSize >= 16;

    /// <summary>
    /// Sends and receives until the count is reached, the deadline passes, the linger time after
    /// the last probe runs out, or <paramref name="cancellationToken"/> is cancelled (checked at
    /// least every 100 ms). Returns <see cref="Statistics"/>.
    /// </summary>
    public PingStatistics Run(IPingObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        byte[] payload = new byte[_options.PayloadSize];
        for (int i = 0; i < payload.Length; i++) payload[i] = (byte)i;

        long count = _options.Count;
        double deadline = _options.DeadlineSeconds;
        long intervalUs = (long)(_options.IntervalSeconds * 1_000_000);
        long deadlineUs = deadline > 0 ? (long)(deadline * 1_000_000) : long.MaxValue;
        long lingerUs = (long)(_options.LingerSeconds * 1_000_000);
        PingStatistics stats = Statistics;
        var clock = Stopwatch.StartNew();
        long nextSendUs = 0, lastSendUs = 0;
        ushort sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            long now = Microseconds(clock);
            if (now >= deadlineUs) break;
            if (count > 0 && stats.Received + stats.Errors >= count) break;
            // With a deadline, iputils keeps probing until COUNT replies arrive or time is up.
            bool moreToSend = count == 0 || deadline > 0 || stats.Transmitted < count;
            if (moreToSend && now >= nextSendUs)
            {
                // A reply to the last probe that is already queued is taken before the next probe
                // goes, so that a late wake-up does not show as "pipe 2" on an idle link.
                if (sequence != 0 && !IsAnswered(sequence) && _socket.TryReceive(TimeSpan.Zero, out IcmpEvent queued))
                {
                    Handle(observer, queued, sequence, intervalUs, ref nextSendUs, now);
                    continue;
                }
                sequence++;
                try
                {
                    _sentTicks[sequence] = _socket.SendEcho(sequence, payload);
                }
                catch (NetOperationException failure)
                {
                    // iputils reports a failed send and goes on (unreachable network, no buffer space).
                    observer.OnSendFailed(sequence, failure);
                }
                _answered[sequence >> 6] &= ~(1UL << (sequence & 63));
                stats.OnTransmit();
                lastSendUs = now;
                nextSendUs = NextSend(nextSendUs, now, intervalUs);
                observer.OnSent(sequence);
                // Over loopback the reply is queued before sendto returns: one read without waiting
                // takes it (as iputils' flood does with one recvmsg), where a poll would cost a call more.
                if (_socket.TryReceive(TimeSpan.Zero, out IcmpEvent immediate))
                    Handle(observer, immediate, sequence, intervalUs, ref nextSendUs, Microseconds(clock));
                continue;
            }
            if (!moreToSend && deadline <= 0 && now - lastSendUs >= lingerUs) break;
            long waitUs = moreToSend ? nextSendUs - now : lingerUs - (now - lastSendUs);
            if (deadline > 0) waitUs = Math.Min(waitUs, deadlineUs - now);
            // Waits are kept to the microsecond (ppoll): rounding a 1 ms interval up to whole
            // milliseconds, as poll(2) would, stretched -i 0.001 to twice its length.
            waitUs = Math.Clamp(waitUs, 0, MaxWaitUs);
            if (waitUs > 0) observer.OnIdle((int)((waitUs + 999) / 1000));
            // One event per wait: what else is queued makes the next wait return at once.
            if (_socket.TryReceive(TimeSpan.FromMicroseconds(waitUs), out IcmpEvent e))
                Handle(observer, e, sequence, intervalUs, ref nextSendUs, Microseconds(clock));
        }
        ElapsedMicroseconds = Microseconds(clock);
        return stats;
    }

    /// <summary>
    /// iputils' exit rule: failed when no reply arrived, or, with a deadline and a count, fewer
    /// than the count.
    /// </summary>
    public bool Failed => Statistics.Received == 0 || (_options.DeadlineSeconds > 0 && _options.Count > 0 && Statistics.Received < _options.Count);

    private void Handle(IPingObserver observer, in IcmpEvent e, ushort lastSequence, long intervalUs, ref long nextSendUs, long now)
    {
        if (_sentTicks[e.Sequence] == 0) return; // not a sequence we sent (an older run's identifier clash)
        PingStatistics stats = Statistics;
        // Like iputils, the pipe is measured when an answer arrives: probes sent since this one, plus one.
        stats.OnOutstanding((ushort)(stats.Transmitted - e.Sequence) + 1);
        if (e.Kind == IcmpEventKind.Error)
        {
            stats.OnError();
            observer.OnError(e);
            return;
        }
        bool duplicate = (_answered[e.Sequence >> 6] & (1UL << (e.Sequence & 63))) != 0;
        _answered[e.Sequence >> 6] |= 1UL << (e.Sequence & 63);
        long rttUs = Math.Max(0, (e.ReceivedTicks - _sentTicks[e.Sequence]) / 10);
        stats.OnReply(rttUs, duplicate);
        if (intervalUs == 0 && e.Sequence == lastSequence) nextSendUs = now;
        observer.OnReply(e, rttUs, duplicate);
    }

    /// <summary>Longest single wait, so that cancellation is seen within 100 ms.</summary>
    private const long MaxWaitUs = 100_000;

    /// <summary>Without a reply, a flood (interval 0) sends the next probe after 10 ms, as iputils does.</summary>
    private const long FloodRetryUs = 10_000;

    /// <summary>
    /// When the probe after the one just sent (due at <paramref name="dueUs"/>, sent at
    /// <paramref name="nowUs"/>) goes: on the fixed schedule start + k x interval, so that a late
    /// wake-up is made up on the next probe and COUNT probes take COUNT x interval, as with iputils;
    /// but never two probes back to back (iputils' single token): more than one interval behind,
    /// the schedule restarts from now.
    /// </summary>
    internal static long NextSend(long dueUs, long nowUs, long intervalUs)
    {
        if (intervalUs <= 0) return nowUs + FloodRetryUs;   // interval 0: the next goes on this one's reply
        return nowUs - dueUs >= intervalUs ? nowUs + intervalUs : dueUs + intervalUs;
    }

    private bool IsAnswered(ushort sequence) => (_answered[sequence >> 6] & (1UL << (sequence & 63))) != 0;

    private static long Microseconds(Stopwatch clock) => clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
}
