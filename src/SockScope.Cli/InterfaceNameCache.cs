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
        bool seen = _names.TryGetValue(index, out (string? Name, long CheckedAt) known);
        if (seen && known.Name is not null) return known.Name;   // the per-packet case: no clock read
        long now = Stopwatch.GetTimestamp();
        if (seen && now - known.CheckedAt < RetryTicks) return null;
        string? name = index > int.MaxValue ? null : NetworkInterfaces.NameOf((int)index);
        _names[index] = (name, now);
        return name;
    }
}
