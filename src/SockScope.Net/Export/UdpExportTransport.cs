using System.Net;
using System.Net.Sockets;

namespace SockScope.Net.Export;

/// <summary>
/// Sends each message as one UDP datagram from a connected, non-blocking socket. A full socket
/// buffer or a local error drops the message (counted); a collector port that is closed shows up
/// as ECONNREFUSED on the next send, and then both that message and the refused one before it are
/// counted as lost and the templates are asked for again (the collector may be restarting).
/// </summary>
public sealed class UdpExportTransport : IExportTransport
{
    private readonly Socket _socket;
    private readonly ExportTally _tally = new();
    private int _lastRecords;
    private bool _lastCounted;
    private bool _templateRequest;

    private UdpExportTransport(Socket socket, string name)
    {
        _socket = socket;
        Name = name;
    }

    /// <summary>Opens a socket connected to <paramref name="endpoint"/> (no packet is sent yet).</summary>
    public static UdpExportTransport Open(IPEndPoint endpoint, string name, int sendBufferBytes = 4 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SendBufferSize = sendBufferBytes;
            socket.Connect(endpoint);
            socket.Blocking = false;
            return new UdpExportTransport(socket, name);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new NetOperationException("connect", (Interop.Errno)e.NativeErrorCode, $"{name}: {e.Message}");
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> message, int records)
    {
        // A full send buffer (EAGAIN) is waited out briefly: the kernel drains it at once on loopback and on a LAN.
        SocketError error = SocketError.WouldBlock;
        for (int attempt = 0; attempt < 50 && error == SocketError.WouldBlock; attempt++)
        {
            _socket.Send(message, SocketFlags.None, out error);
            if (error == SocketError.WouldBlock) _socket.Poll(1000, SelectMode.SelectWrite);
        }
        if (error == SocketError.Success)
        {
            _tally.Sent(records);
            _lastRecords = records;
            _lastCounted = false;
            return;
        }
        _tally.Failure();
        _tally.Lost(records);
        if (error == SocketError.ConnectionRefused)
        {
            // The ICMP port-unreachable answered the previous datagram: it was lost too.
            if (!_lastCounted && _tally.MessagesSent > 0) _tally.SentThenLost(_lastRecords);
            _templateRequest = true;
        }
        _lastCounted = true;
    }

    /// <inheritdoc/>
    public bool TakeTemplateRequest()
    {
        bool request = _templateRequest;
        _templateRequest = false;
        return request;
    }

    /// <inheritdoc/>
    public ExportTransportCounters Counters => _tally.Snapshot();

    /// <inheritdoc/>
    public void Close(TimeSpan drainTimeout) => _socket.Dispose();

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
