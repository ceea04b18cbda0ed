using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SockScope.Net.Export;

/// <summary>
/// IPFIX over TCP (RFC 7011 10.4): messages go into a bounded queue and a background thread
/// writes them to one connection, reconnecting with a growing pause (0.2 s to 2 s) when the
/// collector is down or the connection breaks. Each new connection starts with the
/// <see cref="Preamble"/> (the templates), because a collector forgets them with the connection.
/// A full queue (a slow or absent collector) drops the new message and counts it; the caller
/// never waits for the network.
/// </summary>
public sealed class TcpExportTransport : IExportTransport
{
    /// <summary>Default queue bound in messages.</summary>
    public const int DefaultQueueMessages = 4096;

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly IPEndPoint _endpoint;
    private readonly Queue<(byte[] Buffer, int Length, int Records)> _queue = new();
    private readonly int _capacity;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private bool _closing;
    private bool _sending;
    private readonly ExportTally _tally = new();

    /// <summary>Starts the sender thread; it connects on its own (the first message need not wait).</summary>
    public TcpExportTransport(IPEndPoint endpoint, string name, int queueMessages = DefaultQueueMessages)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueMessages, 1);
        _endpoint = endpoint;
        _capacity = queueMessages;
        Name = name;
        _thread = new Thread(Run) { IsBackground = true, Name = "sockscope export " + name };
        _thread.Start();
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// Called on the sender thread for each new connection with the first message about to go out;
    /// returns the bytes to send before it (IPFIX: a template message numbered like that message).
    /// </summary>
    public Func<ReadOnlyMemory<byte>, byte[]>? Preamble { get; init; }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> message, int records)
    {
        lock (_gate)
        {
            if (_closing || _queue.Count >= _capacity)
            {
                _tally.Lost(records);
                return;
            }
            byte[] buffer = ArrayPool<byte>.Shared.Rent(message.Length);
            message.CopyTo(buffer);
            _queue.Enqueue((buffer, message.Length, records));
            Monitor.Pulse(_gate);
        }
    }

    /// <inheritdoc/>
    public bool TakeTemplateRequest() => false; // the sender thread puts the templates on each connection itself

    /// <inheritdoc/>
    public ExportTransportCounters Counters
    {
        get
        {
            lock (_gate)
                return _tally.Snapshot();
        }
    }

    /// <summary>Messages waiting to be sent.</summary>
    public int Queued
    {
        get { lock (_gate) return _queue.Count; }
    }

    private void Run()
    {
        Socket? socket = null;
        TimeSpan pause = TimeSpan.FromMilliseconds(200);
        CancellationToken stop = _stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                (byte[] Buffer, int Length, int Records) next;
                lock (_gate)
                {
                    while (_queue.Count == 0 && !_closing) Monitor.Wait(_gate);
                    if (_queue.Count == 0) return; // closing and drained
                    next = _queue.Peek();
                    _sending = true;
                }
                if (socket is null)
                {
                    socket = TryConnect(stop);
                    if (socket is null)
                    {
                        lock (_gate) _sending = false;
                        if (stop.WaitHandle.WaitOne(pause)) return;
                        pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                        continue;
                    }
                    pause = TimeSpan.FromMilliseconds(200);
                    lock (_gate) _tally.Connection();
                    byte[]? preamble = Preamble?.Invoke(next.Buffer.AsMemory(0, next.Length));
                    if (preamble is not null && !SendAll(socket, preamble))
                    {
                        socket = Drop(socket);
                        lock (_gate) _sending = false;
                        continue;
                    }
                }
                bool ok = SendAll(socket, next.Buffer.AsSpan(0, next.Length));
                lock (_gate)
                {
                    _queue.Dequeue();
                    _sending = false;
                    if (ok)
                    {
                        _tally.Sent(next.Records);
                    }
                    else
                    {
                        // Part of it may have gone out: the stream is broken, the message counts as lost.
                        _tally.Lost(next.Records);
                    }
                    Monitor.PulseAll(_gate);
                }
                ArrayPool<byte>.Shared.Return(next.Buffer);
                if (!ok) socket = Drop(socket);
            }
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private Socket? TryConnect(CancellationToken stop)
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(ConnectTimeout);
            socket.ConnectAsync(_endpoint, timeout.Token).AsTask().GetAwaiter().GetResult();
            socket.SendTimeout = (int)SendTimeout.TotalMilliseconds;
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            lock (_gate) _tally.Failure();
            socket.Dispose();
            return null;
        }
    }

    private bool SendAll(Socket socket, ReadOnlySpan<byte> bytes)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                int n = socket.Send(bytes, SocketFlags.None);
                if (n <= 0) return false;
                bytes = bytes[n..];
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_gate) _tally.Failure();
            return false;
        }
    }

    private static Socket? Drop(Socket socket)
    {
        socket.Dispose();
        return null;
    }

    /// <inheritdoc/>
    public void Close(TimeSpan drainTimeout)
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.PulseAll(_gate);
            DateTime until = DateTime.UtcNow + drainTimeout;
            while ((_queue.Count > 0 || _sending) && DateTime.UtcNow < until)
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
        }
        _stop.Cancel();
        lock (_gate) Monitor.PulseAll(_gate);
        _thread.Join(TimeSpan.FromSeconds(7));
        lock (_gate)
        {
            while (_queue.Count > 0)
            {
                var left = _queue.Dequeue();
                _tally.Lost(left.Records);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_thread.IsAlive) Close(TimeSpan.Zero);
        _stop.Dispose();
    }
}
