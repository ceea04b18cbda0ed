using System.Collections.Concurrent;
using System.Net;

namespace SockScope.Net.Probing;

/// <summary>
/// Pings one host and returns typed results asynchronously. One background thread receives for
/// all outstanding probes and completes each by its sequence number; replies and errors for
/// other identifiers never reach it (see <see cref="IcmpSocket"/>).
/// <code>
/// using var pinger = new Pinger(IPAddress.Parse("10.92.2.2"));
/// PingResult r = await pinger.PingAsync(TimeSpan.FromSeconds(1));
/// </code>
/// </summary>
public sealed class Pinger : IDisposable
{
    private readonly IcmpSocket _socket;
    private readonly byte[] _payload;
    private readonly ConcurrentDictionary<ushort, Pending> _pending = new();
    private readonly Lock _sendLock = new();
    private readonly Thread _receiver;
    private volatile bool _disposed;
    private int _sequence;

    private sealed record Pending(TaskCompletionSource<PingResult> Completion, long SentTicks);

    /// <summary>Opens the ICMP or ICMPv6 socket, connects it to <paramref name="destination"/> and starts the receiving thread.</summary>
    /// <param name="destination">The host to ping; its address family picks ICMP or ICMPv6.</param>
    /// <param name="options">Socket kind, source, interface, TTL and payload size; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the payload size is negative.</exception>
    /// <exception cref="MissingPrivilegeException">When neither a raw socket (CAP_NET_RAW) nor a ping socket (net.ipv4.ping_group_range) is allowed, as the chosen kind requires.</exception>
    public Pinger(IPAddress destination, PingerOptions? options = null)
    {
        options ??= new PingerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.PayloadSize);
        Destination = destination;
        _socket = IcmpSocket.Open(destination.AddressFamily, options.SocketKind, options.Source, options.Interface);
        if (options.Ttl is int ttl) _socket.SetTtl(ttl);
        _socket.Connect(destination);
        _payload = new byte[options.PayloadSize];
        for (int i = 0; i < _payload.Length; i++) _payload[i] = (byte)i;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "sockscope-pinger" };
        _receiver.Start();
    }

    /// <summary>The host being pinged.</summary>
    public IPAddress Destination { get; }
    /// <summary>Whether the pings go through a raw socket or an unprivileged ping socket.</summary>
    public PingSocketKind SocketKind => _socket.Kind;
    /// <summary>The ICMP echo identifier of the requests: chosen at random for a raw socket, by the kernel (the local port) for a ping socket.</summary>
    public ushort Identifier => _socket.Identifier;

    /// <summary>Sends the next echo request and completes with its reply, an ICMP error, or <see cref="PingStatus.TimedOut"/>.</summary>
    public async Task<PingResult> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ushort sequence = (ushort)Interlocked.Increment(ref _sequence);
        var completion = new TaskCompletionSource<PingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        long sent;
        lock (_sendLock)
        {
            var pending = new Pending(completion, DateTime.UtcNow.Ticks);
            _pending[sequence] = pending;
            try
            {
                sent = _socket.SendEcho(sequence, _payload);
            }
            catch
            {
                _pending.TryRemove(sequence, out _);
                throw;
            }
            _pending[sequence] = pending with { SentTicks = sent };
        }
        try
        {
            return await completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new PingResult(sequence, PingStatus.TimedOut, null, timeout, -1, 0, 0, 0, null);
        }
        finally
        {
            _pending.TryRemove(sequence, out _);
        }
    }

    private void ReceiveLoop()
    {
        while (!_disposed)
        {
            IcmpEvent e;
            try
            {
                if (!_socket.TryReceive(100, out e)) continue;
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (NetOperationException)
            {
                continue;
            }
            if (!_pending.TryGetValue(e.Sequence, out Pending? pending)) continue;
            var rtt = TimeSpan.FromTicks(Math.Max(0, e.ReceivedTicks - pending.SentTicks));
            PingResult result = e.Kind == IcmpEventKind.EchoReply
                ? new PingResult(e.Sequence, PingStatus.Success, e.From, rtt, e.Ttl, e.Length, e.Type, e.Code, null)
                : new PingResult(e.Sequence, StatusOf(_socket.IsIpv6, e.Type), e.From, rtt, e.Ttl, e.Length, e.Type, e.Code,
                    IcmpErrorText.Describe(_socket.IsIpv6, e.Type, e.Code, e.Info));
            pending.Completion.TrySetResult(result);
        }
    }

    private static PingStatus StatusOf(bool ipv6, byte type) => (ipv6, type) switch
    {
        (false, 3) or (true, 1) => PingStatus.DestinationUnreachable,
        (false, 11) or (true, 3) => PingStatus.TimeExceeded,
        (true, 2) => PingStatus.PacketTooBig,
        (false, 12) or (true, 4) => PingStatus.ParameterProblem,
        _ => PingStatus.OtherError,
    };

    /// <summary>Stops the receiving thread, closes the socket and cancels the pings still waiting for a reply.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _receiver.Join(1000);
        _socket.Dispose();
        foreach (Pending p in _pending.Values) p.Completion.TrySetCanceled();
    }
}
