namespace SockScope.Net.Probing;

/// <summary>
/// What a <see cref="PingSession"/> tells its caller as it runs, in order, on the thread that runs
/// it: each probe sent, each reply or ICMP error, and the moments it is about to wait (where a
/// terminal front end flushes its output).
/// </summary>
public interface IPingObserver
{
    /// <summary>An echo request with this sequence number was handed to the kernel.</summary>
    void OnSent(ushort sequence);

    /// <summary>Sending failed (unreachable network, no buffer space); the session counts the probe and goes on, as iputils does.</summary>
    void OnSendFailed(ushort sequence, NetOperationException failure);

    /// <summary>An echo reply for one of our probes; <paramref name="roundTripMicroseconds"/> is valid when the payload carries a timestamp.</summary>
    void OnReply(in IcmpEvent reply, long roundTripMicroseconds, bool duplicate);

    /// <summary>An ICMP error quoting one of our probes (unreachable, time exceeded, ...).</summary>
    void OnError(in IcmpEvent error);

    /// <summary>The session is about to block for up to <paramref name="milliseconds"/> waiting for a reply.</summary>
    void OnIdle(int milliseconds);
}
