using SockScope.Net.Observability;

namespace SockScope.Net.Tests.Observability;

/// <summary>Entry and exit records joined by thread; family and type filters that follow the fds socket() returned.</summary>
public class SocketCallPairingTests
{
    private static SocketCallEvent Entry(int tid, WatchedSyscall s, params long[] args) => new()
    {
        Time = DateTime.Now,
        Pid = 100,
        Tid = tid,
        Uid = 0,
        Command = "t",
        Syscall = s,
        Arguments = [.. args, .. new long[6 - args.Length]],
    };

    [Fact]
    public void JoinsEntriesWithTheirExitsPerThread()
    {
        var delivered = new List<SocketCallEvent>();
        var pairing = new SocketCallPairing(new SocketWatchOptions());
        pairing.Entry(Entry(1, WatchedSyscall.Socket, 2, 1, 0), delivered.Add(true));
        pairing.Entry(Entry(2, WatchedSyscall.Listen, 7, 5), delivered.Add(true));
        pairing.Exit(1, WatchedSyscall.Socket, 9, [], delivered.Add(true));
        pairing.Exit(3, WatchedSyscall.Socket, 4, [], delivered.Add(true));          // no entry: dropped
        Assert.Equal(9, Assert.Single(delivered).Return);
        pairing.Flush(delivered.Add(true));
        Assert.Equal(2, delivered.Count);
        Assert.Null(delivered[1].Return);                                              // listen never returned
    }

    [Fact]
    public void FamilyAndTypeFiltersFollowTheDescriptorsSocketReturned()
    {
        var delivered = new List<SocketCallEvent>();
        var pairing = new SocketCallPairing(new SocketWatchOptions { Family = 2, Type = 3 });
        void Call(SocketCallEvent e, long ret)
        {
            pairing.Entry(e, delivered.Add(true));
            pairing.Exit(e.Tid, e.Syscall, ret, [], delivered.Add(true));
        }
        Call(Entry(1, WatchedSyscall.Socket, 2, 3 | 0x800, 1), 5);    // AF_INET SOCK_RAW: kept
        Call(Entry(1, WatchedSyscall.Socket, 2, 1, 6), 6);            // AF_INET SOCK_STREAM: not this type
        Call(Entry(1, WatchedSyscall.Socket, 17, 3, 0x300), 7);       // AF_PACKET: not this family
        Call(Entry(1, WatchedSyscall.Bind, 5, 0, 16), 0);             // on fd 5: kept
        Call(Entry(1, WatchedSyscall.Bind, 6, 0, 16), 0);             // on fd 6: dropped
        Assert.Equal([WatchedSyscall.Socket, WatchedSyscall.Bind], delivered.Select(e => e.Syscall));
        Assert.Equal(5, delivered[1].Arguments[0]);
    }
}

internal static class DeliveryExtensions
{
    /// <summary>A delivery callback that appends and answers <paramref name="more"/>.</summary>
    public static Func<SocketCallEvent, bool> Add(this List<SocketCallEvent> list, bool more) => e =>
    {
        list.Add(e);
        return more;
    };
}
