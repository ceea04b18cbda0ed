namespace SockScope.Net.Observability;

/// <summary>
/// Joins entry and exit records by thread, and applies the family and type filters, which need
/// what socket() returned: the fds each process got from socket() are remembered with their
/// family and type, so bind/connect/listen/accept/setsockopt on them can be filtered too.
/// </summary>
internal sealed class SocketCallPairing(SocketWatchOptions options)
{
    private readonly Dictionary<int, SocketCallEvent> _open = [];
    private readonly Dictionary<(int Pid, int Fd), (int Family, int Type)> _sockets = [];

    public bool Stopped { get; private set; }

    public void Entry(SocketCallEvent call, Func<SocketCallEvent, bool> deliver)
    {
        if (_open.Remove(call.Tid, out SocketCallEvent? unfinished)) Deliver(unfinished, deliver);
        _open[call.Tid] = call;
    }

    public void Exit(int tid, WatchedSyscall syscall, long result, byte[] data, Func<SocketCallEvent, bool> deliver)
    {
        if (!_open.Remove(tid, out SocketCallEvent? call) || call.Syscall != syscall) return;
        call = call with { Return = result, Data = data.Length > 0 ? data : call.Data };
        Deliver(call, deliver);
    }

    /// <summary>Delivers calls whose exit never came (the watch stops while they block, in accept say).</summary>
    public void Flush(Func<SocketCallEvent, bool> deliver)
    {
        foreach (SocketCallEvent call in _open.Values.OrderBy(c => c.Time).ToList()) Deliver(call, deliver);
        _open.Clear();
    }

    private void Deliver(SocketCallEvent call, Func<SocketCallEvent, bool> deliver)
    {
        if (Stopped) return;
        (int Family, int Type)? socket = null;
        if (call.Syscall == WatchedSyscall.Socket)
        {
            socket = ((int)call.Arguments[0], (int)call.Arguments[1] & 0xF);
            if (call.Return is long fd && fd >= 0) _sockets[(call.Pid, (int)fd)] = socket.Value;
        }
        else if (_sockets.TryGetValue((call.Pid, (int)call.Arguments[0]), out var known))
        {
            socket = known;
            if (call.Syscall is WatchedSyscall.Accept or WatchedSyscall.Accept4 && call.Return is long fd && fd >= 0)
                _sockets[(call.Pid, (int)fd)] = known;
        }
        if (options.Family is int family && (socket?.Family ?? SocketCallDecoder.Family(call)) != family) return;
        if (options.Type is int type && socket?.Type != type) return;
        if (!deliver(call)) Stopped = true;
    }
}
