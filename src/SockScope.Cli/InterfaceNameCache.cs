using System.Diagnostics;
using SockScope.Net.Capture;

namespace SockScope.Cli;

/// <summary>
/// Interface names by index for the start of cooked-v2 lines (`capture -i any`, `read` of a
/// LINUX_SLL2 file): looked up on this machine as tcpdump does, once per index. An index
/// unknown now is asked again after a second, since interfaces come and go during a capture.
/// </summary>
internal sealed class InterfaceNameCache
{
    private static readonly long RetryTicks = Stopwatch.Frequency;
    private readonly Dictionary<uint, (string? Name, long CheckedAt)> _names = [];

    public string? Lookup(uint index)
    {
        long now = Stopwatch.GetTimestamp();
        if (_names.TryGetValue(index, out (string? Name, long CheckedAt) known) && (known.Name is not null || now - known.CheckedAt < RetryTicks))
            return known.Name;
        string? name = index > int.MaxValue ? null : NetworkInterfaces.NameOf((int)index);
        _names[index] = (name, now);
        return name;
    }
}
