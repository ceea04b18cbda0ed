using System.Runtime.InteropServices;

namespace SockScope.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM, caught while a capture or flow loop runs: instead of ending the
/// process they ask the loop to stop at its next turn, so that what was captured is still written,
/// flushed and counted, as tcpdump does. The handlers are removed on Dispose.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _requested;

    /// <summary>Catches both signals from now on.</summary>
    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>True once either signal has arrived.</summary>
    public bool Requested => Volatile.Read(ref _requested) != 0;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Volatile.Write(ref _requested, 1);
    }

    /// <summary>Gives both signals back to their default handling.</summary>
    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
